#!/usr/bin/env python3
"""Restart safety of the LVM backend, run inside the guest lane (scripts/guest-lvm-inner.sh): a real
`ember serve --backend lvm` is killed with SIGKILL in the middle of a create, a copy (a clone) and a
delete, then started again; afterwards no volume may be in a transitional status and the LVs must be
exactly the volumes the database knows (a volume that ended in error may have none). Prints what
happened in each case; exits non-zero on failure.
Usage: python3 Tests/guest/lvm_restart.py EMBER_BIN VOLUME_GROUP WORK_DIR"""
import signal
import sys
import time

from guest_ember import Ember, lv_names

EMBER, GROUP, WORK = sys.argv[1:4]
DATA, PORT = "/tmp/ember-lvm-restart", 18776
SERVER = Ember(EMBER, DATA, PORT, ["--backend", "lvm", "--volume-group", GROUP, "--data-dir", DATA, "--listen", f"127.0.0.1:{PORT}"])
start = SERVER.start
call = SERVER.call


def lvs():
    return lv_names(GROUP)


def check(case, process):
    process.wait(timeout=30)
    again = start()
    try:
        settled = SERVER.wait_settled()
        names = lvs()
        volume_lvs = sorted(n[len("volume-"):] for n in names if n.startswith("volume-"))
        leftovers = [n for n in names if n.startswith("tmp-")]
        print(f"{case}: after restart statuses {sorted(settled.values())}, LVs {names}")
        # Every LV is a volume the database knows; every volume but one that failed (error) has its LV.
        expected = sorted(v for v, status in settled.items() if status != "error")
        assert set(volume_lvs) <= set(settled), f"{case}: LVs {volume_lvs} the database does not know ({sorted(settled)})"
        assert volume_lvs == expected, f"{case}: LVs {volume_lvs} but usable volumes {expected}"
        assert not leftovers, f"{case}: leftover copies {leftovers}"
        return settled
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=60)


def main():
    process = start()
    call("PUT", "/os-quota-sets/demo", {"quota_set": {"volumes": -1, "gigabytes": -1}})
    source = call("POST", "/volumes", {"volume": {"size": 1, "name": "source"}})["volume"]["id"]
    SERVER.wait_status(source, "available")

    # A create killed at once.
    call("POST", "/volumes", {"volume": {"size": 1, "name": "cut-create"}})
    process.send_signal(signal.SIGKILL)
    check("create", process)

    # A clone killed while the data path copies 1 GiB.
    process = start()
    call("POST", "/volumes", {"volume": {"size": 1, "name": "cut-copy", "source_volid": source}})
    deadline = time.monotonic() + 120
    while not any(n.startswith("tmp-") for n in lvs()) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)  # the data path is copying into the temporary LV now
    copying = [n for n in lvs() if n.startswith("tmp-")]
    process.send_signal(signal.SIGKILL)
    print(f"copy: killed while copying into {copying or 'no temporary LV'}")
    settled = check("copy", process)

    # A delete killed while the volume is being wiped.
    process = start()
    victim = next(v for v, status in settled.items() if v != source and status == "available")
    call("DELETE", f"/volumes/{victim}")
    time.sleep(1.0)  # the data path is zeroing the LV now
    present = f"volume-{victim}" in lvs()
    process.send_signal(signal.SIGKILL)
    print(f"delete: killed with the LV {'still there (wiping)' if present else 'already removed'}")
    settled = check("delete", process)
    assert victim not in settled, "the cut delete was finished after the restart"
    print("lvm restart cases: passed")
    clean_up()


def clean_up():
    """Deletes what the cases left through the API, as a user would, so the next script finds an empty group."""
    process = start()
    try:
        for volume in SERVER.volumes():
            call("DELETE", f"/volumes/{volume}")
        deadline = time.monotonic() + 300
        while SERVER.volumes() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not SERVER.volumes(), f"volumes left after deleting them: {SERVER.volumes()}"
        assert not [n for n in lvs() if n.startswith("volume-")], f"LVs left after deleting their volumes: {lvs()}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
