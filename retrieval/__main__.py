"""`python -m retrieval`: the command line (`retrieval.cli.main`)."""

import sys

from retrieval.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
