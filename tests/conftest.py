import os
import tempfile

# Qt aborts the whole process without a display unless told to render offscreen; set it before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The compiled-atlas cache (bodymaps.atlas.cache) goes to a folder of the test run, never the user's.
os.environ.setdefault("BODYMAPS_CACHE_DIR", tempfile.mkdtemp(prefix="bodymaps-test-cache-"))
