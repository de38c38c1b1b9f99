#!/usr/bin/python3
"""Summarises one area's tempest run from its subunit v2 stream.

Usage: summarise.py AREA RESULTS.subunit LISTED.txt [TIMED_OUT]
Prints passed / failed / skipped, the tests that never ran (their class's setUpClass failed, or the run
timed out), the share passed, and the failing tests grouped by their error message. Also writes
AREA.json beside the stream for later comparison.
"""
import collections
import json
import os
import re
import sys

import subunit
import testtools

area, stream_path, listed_path = sys.argv[1:4]
timed_out = len(sys.argv) > 4 and sys.argv[4] == "timed-out"

ATTRS = re.compile(r"\[.*\]$")


def bare(test_id):
    return ATTRS.sub("", test_id)


results = {}


def collect(test):
    if test["id"]:
        results[bare(test["id"])] = test


with open(stream_path, "rb") as stream:
    case = subunit.ByteStreamToStreamResult(stream, non_subunit_name="stdout")
    result = testtools.StreamToDict(collect)
    result.startTestRun()
    try:
        case.run(result)
    finally:
        result.stopTestRun()

with open(listed_path) as f:
    listed = [bare(line.strip()) for line in f if line.strip() and not line.startswith(("{", " "))]
listed = [t for t in listed if re.match(r"^[a-z_]+(\.\w+)+$", t)]

CLASS_SETUP = re.compile(r"^(setUpClass|tearDownClass) \((.+)\)$")
passed = [t for t, r in results.items() if r["status"] == "success"]
skipped = [t for t, r in results.items() if r["status"] == "skip" and not CLASS_SETUP.match(t)]
skipped_classes = {CLASS_SETUP.match(t).group(2) for t, r in results.items() if r["status"] == "skip" and CLASS_SETUP.match(t)}
failed = [t for t, r in results.items() if r["status"] == "fail" and not CLASS_SETUP.match(t)]
class_failures = [t for t, r in results.items() if r["status"] == "fail" and CLASS_SETUP.match(t)]
failed_classes = {CLASS_SETUP.match(t).group(2) for t in class_failures if t.startswith("setUpClass")}
# stestr announces every test it will run ("exists"); a test that never got further did not run
not_run = [t for t in listed if t not in results or results[t]["status"] in ("exists", "inprogress", None)]
blocked = [t for t in not_run if t.rsplit(".", 1)[0] in failed_classes]
# a class skipped as a whole (a feature turned off, a service missing) reports one skip for all its tests
skipped += [t for t in not_run if t.rsplit(".", 1)[0] in skipped_classes]
unaccounted = [t for t in not_run if t not in blocked and t not in skipped]


def message(test_id):
    """The exception line(s) at the end of the traceback, with ids and numbers normalised."""
    details = results[test_id]["details"]
    text = ""
    for name in ("traceback", "reason"):
        if name in details:
            text = details[name].as_text()
            break
    lines = [l for l in text.rstrip().splitlines() if l.strip()]
    # the exception starts at the last line that is not indented (after the last "File ..." frame)
    start = max((i for i, l in enumerate(lines) if not l.startswith((" ", "\t")) and not l.startswith("Traceback")),
                default=len(lines) - 1)
    msg = " ".join(l.strip() for l in lines[start:start + 4]) if lines else "(no traceback)"
    # name the API call that failed: the last frame in a tempest service client (e.g. "list_virtual_interfaces")
    calls = re.findall(r'File "[^"]*/services/[^"]*", line \d+, in (\w+)', text)
    calls = [c for c in calls if not c.startswith(("_", "request", "get", "post", "put", "delete", "head", "patch",
                                                   "wait_for", "check_", "raw_request", "response_checker"))
             or c in ("get_password",)]
    if calls:
        msg = "%s: %s" % (calls[-1], msg)
    msg = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", msg)
    msg = re.sub(r"\b[0-9a-f]{32}\b", "<id>", msg)
    msg = re.sub(r"tempest-[\w-]+?-\d{6,}", "<name>", msg)
    msg = re.sub(r"\d+\.\d+\.\d+\.\d+", "<ip>", msg)
    msg = re.sub(r"(req-)?<uuid>", "<uuid>", msg)
    return msg[:400]


groups = collections.defaultdict(list)
for t in sorted(failed + class_failures):
    groups[message(t)].append(t)

ran = len(passed) + len(failed)
meant = len(passed) + len(failed) + len(blocked) + len(unaccounted)
share = (100.0 * len(passed) / meant) if meant else 0.0
print("== %s: %d passed, %d failed, %d skipped; %d class setups failed, blocking %d tests%s; passed %.0f%% of %d tests meant to run"
      % (area, len(passed), len(failed), len(skipped), len(class_failures), len(blocked),
         ("; %d never ran (%s)" % (len(unaccounted), "timed out" if timed_out else "not reported"))
         if unaccounted else "", share, meant))
for msg, tests in sorted(groups.items(), key=lambda kv: -len(kv[1])):
    print("  [%d] %s" % (len(tests), msg))
    for t in tests:
        print("        " + t)

with open(os.path.join(os.path.dirname(stream_path), area + ".json"), "w") as f:
    json.dump({"area": area, "passed": len(passed), "failed": len(failed), "skipped": len(skipped),
               "class_setup_failures": len(class_failures), "blocked": len(blocked),
               "not_run": len(unaccounted), "timed_out": timed_out, "listed": len(listed),
               "failures": {m: ts for m, ts in groups.items()},
               "passed_tests": sorted(passed), "skipped_tests": sorted(skipped)}, f, indent=1)
