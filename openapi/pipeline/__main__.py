"""Command line of the spec pipeline: ``python -m pipeline {import,merge,generate,check}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .downgrade import DowngradeError
from .importer import PageError, import_pages
from .merge import MergeError, merge_spec, run_merge

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "openapi"


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it (as the Makefile runs the pipeline)."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    imp = commands.add_parser("import", help="extract the OpenAPI documents of saved docs pages into fragments")
    imp.add_argument("pages", nargs="+", type=Path)
    imp.add_argument("--fragments", type=Path, default=OPENAPI / "fragments")
    imp.add_argument("--manifest", type=Path, default=OPENAPI / "manifest.json")
    imp.add_argument("--root", type=Path, default=ROOT, help="the pages' paths in the manifest are relative to it")

    mrg = commands.add_parser("merge", help="merge the fragments into one validated spec")
    mrg.add_argument("--fragments", type=Path, default=OPENAPI / "fragments")
    mrg.add_argument("--config", type=Path, default=OPENAPI / "merge-config.yaml")
    mrg.add_argument("--output", type=Path, default=OPENAPI / "splx-probe.json")
    mrg.add_argument("--manifest", type=Path, default=OPENAPI / "manifest.json")
    mrg.add_argument("--changelog", type=Path, help="append the API changes to this file")
    mrg.add_argument(
        "--dry-run", action="store_true", help="validate and print the API changes against --output; write nothing"
    )

    gen = commands.add_parser("generate", help="generate the package from the merged spec and install the overrides")
    gen.add_argument("--spec", type=Path, default=OPENAPI / "splx-probe.json")
    gen.add_argument("--package", type=Path, default=ROOT / "splx_probe_client")
    gen.add_argument(
        "--merge",
        action="store_true",
        help="merge openapi/fragments into --spec first; write spec, changelog and package only if every stage passes",
    )
    gen.add_argument("--changelog", type=Path, help="with --merge: append the API changes to this file")

    chk = commands.add_parser(
        "check", help="fail with a diff if the committed spec or package is not what the pipeline makes"
    )
    chk.add_argument("--root", type=Path, default=ROOT)

    args = parser.parse_args(argv)
    try:
        if args.command == "import":
            for result in import_pages(args.pages, args.fragments, args.manifest, args.root):
                print(f"{result.state:9} {_shown(args.fragments / result.fragment)}  (from {result.page})")
        elif args.command == "merge":
            from .changes import package_version

            if args.dry_run:
                outcome = merge_spec(
                    args.fragments, args.config, args.output, manifest=args.manifest, version=package_version(ROOT)
                )
                for line in outcome.report.lines():
                    print(line)
            else:
                run_merge(
                    args.fragments,
                    args.config,
                    args.output,
                    manifest=args.manifest,
                    changelog=args.changelog,
                    version=package_version(ROOT),
                )
        elif args.command == "generate":
            from .assemble import generate, generate_from_fragments

            # Paths are resolved here: the generator runs in a scratch directory.
            if args.merge:
                changelog = args.changelog.resolve() if args.changelog else None
                generate_from_fragments(args.spec.resolve(), args.package.resolve(), ROOT, changelog=changelog)
            else:
                generate(args.spec.resolve(), args.package.resolve(), ROOT)
        else:
            from .assemble import check

            return check(args.root.resolve())
    except (MergeError, PageError, DowngradeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
