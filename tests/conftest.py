import os

# Qt aborts the whole process without a display unless told to render offscreen; set it before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
