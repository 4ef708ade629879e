import sys

from bodymaps.cli import main

sys.exit(main())
