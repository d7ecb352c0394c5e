#!/usr/bin/env python3
"""Runs the outside SCIM compliance judge, scim2-tester, against a Seatwise SCIM server.

Usage (scripts/install-tools.sh --browser installs the venv):
    .tools/scim/bin/python scripts/scim/run_tester.py \
        --url http://127.0.0.1:PORT/scim/v2/ACCOUNT_ID --token TOKEN

Prints one line per check result (status, resource type, title, then reason and description),
and exits 1 when a result is a failure, 0 otherwise. The library's statuses (scim2_tester.Status)
that pass are SUCCESS (MUST met), COMPLIANT (SHOULD met), ACCEPTABLE (a MAY used) and SKIPPED
(not run: filtered out or not supported by the server's ServiceProviderConfig); DEVIATION
(SHOULD not met), ERROR (MUST not met) and CRITICAL fail. --verbose adds each result's data (the
payload or exception behind it) on the following line; --tag / --exclude-tag / --resource-type
narrow the run as check_server() does.
"""

import argparse
import os
import signal
import sys

from httpx2 import Client
from httpx2 import Request
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status
from scim2_tester import check_server

PASSING = {Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE, Status.SKIPPED}


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def main() -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # piping into head is fine
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="SCIM base URL, e.g. http://127.0.0.1:3000/scim/v2/ACCOUNT_ID")
    parser.add_argument("--token", default=os.environ.get("SCIM_TOKEN"),
                        help="bearer token (default: $SCIM_TOKEN)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--tag", action="append", default=[],
                        help="run only checks with this tag (discovery, crud, crud:read, patch:add, misc, ...)")
    parser.add_argument("--exclude-tag", action="append", default=[], help="skip checks with this tag")
    parser.add_argument("--resource-type", action="append", default=[], help="only this resource type (User, Group)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print each result's data")
    args = parser.parse_args()
    if not args.token:
        parser.error("--token (or $SCIM_TOKEN) is required")

    # scim2-client sends bodies with httpx2's json=, which labels them application/json; RFC 7644
    # §3.1 has clients send application/scim+json, so relabel the requests that carry a body.
    def scim_content_type(request: Request) -> None:
        if request.headers.get("content-type") == "application/json":
            request.headers["Content-Type"] = "application/scim+json"

    http = Client(
        base_url=args.url.rstrip("/"),
        headers={"Authorization": f"Bearer {args.token}", "Accept": "application/scim+json"},
        timeout=args.timeout,
        event_hooks={"request": [scim_content_type]},
    )
    # No provider given: check_server() reads /ServiceProviderConfig, /ResourceTypes and /Schemas
    # itself, reports on them, and builds the resource models from what they publish.
    scim = SyncSCIMClient(http)
    results = check_server(
        scim,
        include_tags=set(args.tag) or None,
        exclude_tags=set(args.exclude_tag) or None,
        resource_types=args.resource_type or None,
    )

    failed = 0
    for result in results:
        if result.status not in PASSING:
            failed += 1
        where = f"[{result.resource_type}] " if result.resource_type else ""
        line = f"{result.status.name:<8} {where}{result.title or '?'}"
        if result.reason:
            line += f": {one_line(result.reason)}"
        if result.description:
            line += f" -- {one_line(result.description.strip().splitlines()[0])}"
        print(line)
        if args.verbose and result.data is not None:
            print(f"         data: {one_line(result.data)}")

    print(f"{len(results)} results, {failed} failed", file=sys.stderr)
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
