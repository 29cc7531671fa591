#!/usr/bin/env python
"""Django's command-line utility; ``collegium`` is the same with a friendlier name."""

import sys

from collegium.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="manage.py"))
