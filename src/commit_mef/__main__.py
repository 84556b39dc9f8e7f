"""Run the command line as ``python -m commit_mef``."""

from commit_mef.cli import main

raise SystemExit(main())
