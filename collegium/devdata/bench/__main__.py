"""``python -m collegium.devdata.bench``: run the benchmark (``make bench``)."""

import sys

from collegium.devdata.bench.harness import main

sys.exit(main())
