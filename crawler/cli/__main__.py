"""`python -m crawler.cli`: the same as the `govmon` command."""

from crawler.cli import main

main()
