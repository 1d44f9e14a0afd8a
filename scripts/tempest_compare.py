"""Compares a Tempest run (a subunit stream) with Cinder 29's statuses per test id; exits 1 when a test
Cinder passes does not pass here. Prints the counts and the wall time beside Cinder's 181 s."""
import argparse
import json
import sys

import subunit
import testtools

CINDER_SECONDS = 181


def statuses(path):
    """test id (without its [tags]) -> success / fail / skip."""
    found = {}

    class Collect(testtools.StreamResult):
        def status(self, test_id=None, test_status=None, **_):
            if test_id and test_status in ("success", "fail", "skip", "xfail", "uxsuccess"):
                found[test_id.split("[")[0]] = test_status

    with open(path, "rb") as stream:
        case = subunit.ByteStreamToStreamResult(stream, non_subunit_name="stdout")
        result = Collect()
        result.startTestRun()
        case.run(result)
        result.stopTestRun()
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("subunit")
    parser.add_argument("reference")
    parser.add_argument("--seconds", type=int, default=0)
    parser.add_argument("--json")
    parser.add_argument("--require", action="append", default=[], help="a test id Cinder skipped that must pass here too")
    args = parser.parse_args()
    ours = statuses(args.subunit)
    reference = dict(reversed(line.rstrip("\n").split("\t", 1)) for line in open(args.reference) if "\t" in line)
    cinder_passed = sorted(test for test, status in reference.items() if status == "passed")
    missing = [test for test in cinder_passed + args.require if ours.get(test) != "success"]
    beyond = sorted(test for test, status in ours.items() if status == "success" and reference.get(test) != "passed")
    counts = {status: sum(1 for s in ours.values() if s == status) for status in ("success", "fail", "skip")}
    kept = sum(1 for test in cinder_passed if ours.get(test) == "success")
    report = {"cinder_passed": len(cinder_passed), "ember_passed_of_those": kept,
              "ember": counts, "seconds": args.seconds, "cinder_seconds": CINDER_SECONDS, "not_passing": missing,
              "passed_beyond_cinder": beyond}
    print(f"tempest: Ember passes {report['ember_passed_of_those']} of the {len(cinder_passed)} tests Cinder 29 passes "
          f"(Ember: {counts['success']} passed, {counts['fail']} failed, {counts['skip']} skipped) "
          f"in {args.seconds} s; Cinder took {CINDER_SECONDS} s")
    if args.json:
        json.dump(report, open(args.json, "w"), indent=1)
    for test in beyond:
        print(f"tempest: passes where Cinder 29 did not: {test} (Cinder: {reference.get(test, 'not run')})")
    for test in missing:
        print(f"tempest: not passing: {test} ({ours.get(test, 'not run')})")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
