"""``python -m pywats_client.deploy DIR [--check]``: regenerate (or check) ``deploy/`` files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pywats_client.deploy.tree import check_deploy_tree, write_deploy_tree


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m pywats_client.deploy")
    parser.add_argument("root", type=Path, help="the repository's deploy/ folder")
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    args = parser.parse_args()
    if args.check:
        stale = check_deploy_tree(args.root)
        for relative in stale:
            print(f"stale: {args.root / relative}")
        return 1 if stale else 0
    for relative in write_deploy_tree(args.root):
        print(f"wrote {args.root / relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
