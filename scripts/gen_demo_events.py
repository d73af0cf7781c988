#!/usr/bin/env python3
"""Writes assets/demo/events.jsonl: one realistic day (2026-11-23, UTC) on Fedora's and Red Hat's
buses, in the real message formats of tests/fixtures/ (same keys and nesting per family).

Deterministic (fixed seed), standard library only. Every line is valid and has a unique message
id, and lines are in time order. Usage: scripts/gen_demo_events.py [OUTPUT] (default: the asset).
"""

import datetime as dt
import hashlib
import json
import os
import random
import sys
import uuid

SEED = 20261123
DAY = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
DAY0 = DAY.timestamp()
DAY_END = DAY0 + 86400 - 1
DATE = DAY.strftime("%Y%m%d")
ARCHES = ["x86_64", "aarch64", "ppc64le", "s390x"]
FEDORA = "org.fedoraproject.prod."
CENTOS = "org.centos.prod."
UMB = "/topic/VirtualTopic.eng."
BROKER = "ID:umb-prod-2.umb-001.prod.us-east-1.aws.redhat.com-38177-1795150212345-3"

rng = random.Random(SEED)
lines = []  # (time, sequence, record)


def new_uuid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hexid(n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def iso(t, micro=False):
    d = dt.datetime.fromtimestamp(t, dt.timezone.utc)
    if micro:
        return d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return d.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def emit(t, record):
    if DAY0 <= t <= DAY_END:
        lines.append((t, len(lines), record))


def fm_record(t, topic, body, schema="base.message", package="fedora_messaging"):
    """fedora-messaging's serialized form (dumps()): id, topic, headers incl. sent-at, body."""
    headers = {"fedora_messaging_schema": schema, "fedora_messaging_schema_package": package,
               "fedora_messaging_severity": 20, "priority": 0, "sent-at": iso(t)}
    return {"body": body, "headers": headers, "id": new_uuid(), "priority": 0, "queue": None,
            "topic": topic}


def dg_fedora(t, topic, body):
    """A datagrepper v1 raw record of a Fedora message (year-prefixed fedmsg-era id)."""
    return {"i": rng.randint(1, 9), "msg_id": "%d-%s" % (DAY.year, new_uuid()), "topic": topic,
            "timestamp": round(t, 3), "msg": body, "headers": {}, "source_name": "datanommer",
            "source_version": "1.4.1", "username": None, "crypto": "x509"}


umb_counter = [400000]


def dg_umb(t, suffix, body, extra_headers=None):
    """A datagrepper raw record of a UMB message (ActiveMQ id and STOMP headers)."""
    umb_counter[0] += rng.randint(1, 40)
    msg_id = "%s:%d:-1:1:1" % (BROKER, umb_counter[0])
    ms = int(t * 1000)
    topic = UMB + suffix
    headers = {"destination": topic, "expires": str(ms + 604800000), "message-id": msg_id,
               "priority": "4", "persistent": "true", "timestamp": str(ms),
               "subscription": "/queue/Consumer.client-datanommer.upshift-prod.VirtualTopic.eng.>"}
    headers.update(extra_headers or {})
    return {"i": 0, "timestamp": round(t, 3), "msg_id": msg_id, "topic": topic, "headers": headers,
            "msg": body, "source_name": "datanommer", "source_version": "0.9.0", "username": None,
            "crypto": None}


def fedora(t, suffix, body, prefix=FEDORA, schema="base.message"):
    """A Fedora-side message: mostly as fedora-messaging records, some as datagrepper records."""
    topic = prefix + suffix
    emit(t, fm_record(t, topic, body, schema) if rng.random() < 0.75 else dg_fedora(t, topic, body))


def umb(t, suffix, body, extra_headers=None):
    """A UMB-side message: mostly datagrepper records, some as fedora-messaging-shaped records."""
    if rng.random() < 0.85 or not isinstance(body, dict):  # fedora-messaging bodies are objects
        emit(t, dg_umb(t, suffix, body, extra_headers))
    else:
        emit(t, fm_record(t, UMB + suffix, body))


def after(t, lo_min, hi_min):
    return t + rng.uniform(lo_min * 60, hi_min * 60)


# --- composes: pungi (Fedora and UMB), CTS, distill, ODCS, job-trigger build_image ----------------

PHASES = ["init", "pkgset", "buildinstall", "gather", "extra_files", "createrepo", "ostree",
          "createiso", "live_images", "image_build", "osbuild", "repoclosure", "test",
          "image_checksum"]


def compose_story(cid, location, fedora_side, start, hours, final, variants, arches):
    def send(t, fsuffix, usuffix, body):
        if fedora_side:
            fedora(t, "pungi.compose." + fsuffix, body)
        else:
            umb(t, "pungi." + usuffix, body)

    send(start, "status.change", "status-change",
         {"compose_id": cid, "location": location, "status": "STARTED"})
    phases = PHASES if final != "DOOMED" else PHASES[:rng.randint(3, 7)]
    step = hours * 3600 / (len(PHASES) + 1)
    t = start
    for phase in phases:
        t += rng.uniform(0.3, 1.0) * step
        send(t, "phase.start", "phase-start",
             {"phase_name": phase, "compose_id": cid, "location": location})
        if phase == "createiso":
            isos = ["%s/%s/%s/iso/%s-%s-%s-dvd1.iso" % (location, v, a, cid, v, a)
                    for v in variants for a in arches]
            send(t + 5, "createiso.targets", "createiso-targets",
                 {"deliverables": isos, "compose_id": cid, "location": location})
            for v in variants:
                for a in arches:
                    send(t + rng.uniform(300, step), "createiso.imagedone", "createiso-imagedone",
                         {"variant": v, "arch": a,
                          "file": "%s/%s/%s/iso/%s-%s-%s-dvd1.iso" % (location, v, a, cid, v, a),
                          "compose_id": cid, "location": location})
        if phase == "ostree" and fedora_side and "IoT" in cid:
            for a in arches[:2]:
                send(t + rng.uniform(60, 900), "ostree", "ostree",
                     {"arch": a, "variant": "IoT", "commitid": hexid(64), "location": location,
                      "ref": "fedora/stable/%s/iot" % a, "compose_id": cid})
        t += rng.uniform(0.4, 1.0) * step
        if final == "DOOMED" and phase == phases[-1]:
            break
        send(t, "phase.stop", "phase-stop",
             {"phase_name": phase, "compose_id": cid, "location": location})
    end = t + rng.uniform(60, 600)
    send(end, "status.change", "status-change",
         {"compose_id": cid, "location": location, "status": final})
    return end


def ci_spec_body(t, artifact, namespace, test_type, category, arch, os_name, stage, result=None):
    body = {"contact": {"name": "Fedora CI" if "fedora" in namespace else "OSCI",
                        "team": "Fedora CI" if "fedora" in namespace else "osci",
                        "email": "ci@lists.fedoraproject.org" if "fedora" in namespace
                        else "osci-list@redhat.com",
                        "docs": "https://docs.fedoraproject.org/en-US/ci/"},
            "run": {"url": "https://artifacts.testing-farm.io/%s/" % new_uuid(),
                    "log": "https://artifacts.testing-farm.io/%s/log" % hexid(8)},
            "artifact": artifact,
            "pipeline": {"id": hexid(8), "name": test_type},
            "test": {"category": category, "namespace": namespace, "type": test_type},
            "system": [{"architecture": arch, "provider": "testing-farm", "os": os_name}],
            "generated_at": iso(t, micro=True), "version": "1.1.14"}
    if stage == "complete":
        body["test"]["result"] = result
    if stage == "error":
        body["error"] = {"reason": rng.choice(["Guest provisioning failed", "Infrastructure "
                                               "timeout waiting for artifacts",
                                               "Failed to install the artifact"])}
    return body


def ci_run(t, send, artifact, namespace, test_type, category, arch, os_name, results):
    """queued -> running -> complete (or error) for one test of one artifact."""
    send(t, "test.queued", ci_spec_body(t, artifact, namespace, test_type, category, arch, os_name,
                                        "queued"))
    t = after(t, 1, 20)
    send(t, "test.running", ci_spec_body(t, artifact, namespace, test_type, category, arch,
                                         os_name, "running"))
    t = after(t, 5, 90)
    if rng.random() < 0.06:
        send(t, "test.error", ci_spec_body(t, artifact, namespace, test_type, category, arch,
                                           os_name, "error"))
    else:
        send(t, "test.complete", ci_spec_body(t, artifact, namespace, test_type, category, arch,
                                              os_name, "complete", rng.choice(results)))
    return t


def fedora_composes():
    specs = [  # compose id, location dir, start hour, duration, final, variants, arches
        ("Fedora-Rawhide-%s.n.0" % DATE, "rawhide", 0.2, 7.5, "FINISHED_INCOMPLETE",
         ["Everything", "Server", "Workstation"], ARCHES),
        ("Fedora-Rawhide-%s.n.1" % DATE, "rawhide", 9.0, 2.0, "DOOMED", ["Everything"], ARCHES),
        ("Fedora-Rawhide-%s.n.2" % DATE, "rawhide", 12.5, 7.0, "FINISHED",
         ["Everything", "Server", "Workstation"], ARCHES),
        ("Fedora-ELN-%s.1" % DATE, "eln", 3.0, 4.0, "FINISHED", ["BaseOS", "AppStream"], ARCHES),
        ("Fedora-ELN-%s.2" % DATE, "eln", 15.0, 4.0, "FINISHED_INCOMPLETE",
         ["BaseOS", "AppStream"], ARCHES),
        ("Fedora-45-updates-%s.0" % DATE, "updates", 1.0, 1.5, "FINISHED", ["Everything"],
         ARCHES),
        ("Fedora-45-updates-testing-%s.0" % DATE, "updates", 2.0, 1.5, "FINISHED",
         ["Everything"], ARCHES),
        ("Fedora-44-updates-%s.0" % DATE, "updates", 1.2, 1.4, "FINISHED", ["Everything"],
         ARCHES),
        ("Fedora-44-updates-testing-%s.0" % DATE, "updates", 2.4, 1.4, "FINISHED",
         ["Everything"], ARCHES),
        ("Fedora-43-updates-%s.0" % DATE, "updates", 1.4, 1.3, "FINISHED", ["Everything"],
         ARCHES),
        ("Fedora-IoT-45-%s.0" % DATE, "iot", 6.0, 3.0, "FINISHED", ["IoT"], ARCHES[:2]),
        ("Fedora-Cloud-45-%s.0" % DATE, "cloud", 8.0, 2.5, "FINISHED", ["Cloud"], ARCHES[:2]),
        ("Fedora-Rawhide-%s.n.3" % DATE, "rawhide", 21.0, 7.0, "FINISHED",
         ["Everything"], ARCHES),  # still running at midnight
    ]
    for cid, where, hour, hours, final, variants, arches in specs:
        location = "https://kojipkgs.fedoraproject.org/compose/%s/%s/compose" % (where, cid)
        end = compose_story(cid, location, True, DAY0 + hour * 3600 + rng.uniform(0, 600), hours,
                            final, variants, arches)
        if final == "DOOMED":
            continue
        artifact = {"type": "productmd-compose", "id": cid,
                    "compose_type": "nightly" if ".n." in cid else "production"}
        for arch in arches[:2]:
            ci_run(after(end, 2, 15),
                   lambda t, stage, body: fedora(t, "ci.productmd-compose." + stage, body, CENTOS),
                   artifact, "fedora-ci.compose", "installability", "functional", arch,
                   "fedora-rawhide", ["passed", "passed", "failed"])


def rhel_composes():
    specs = [  # product, version, label kind, start hour, duration, final, major
        ("RHEL", "10.2", ".n.0", 0.5, 4.0, "FINISHED", "10"),
        ("RHEL", "10.2", ".1", 5.0, 5.0, "FINISHED", "10"),
        ("RHEL", "10.2", ".n.1", 13.0, 4.0, "FINISHED_INCOMPLETE", "10"),
        ("RHEL", "9.8.0", ".n.0", 0.8, 4.5, "FINISHED", "9"),
        ("RHEL", "9.8.0", ".1", 6.0, 5.0, "FINISHED", "9"),
        ("RHEL", "9.8.0", ".2", 11.5, 1.0, "DOOMED", "9"),
        ("RHEL", "9.8.0", ".3", 14.0, 5.0, "FINISHED", "9"),
        ("RHEL", "8.10.0", ".n.0", 2.0, 3.0, "FINISHED", "8"),
        ("RHEL", "8.10.0", ".1", 16.0, 3.5, "FINISHED_INCOMPLETE", "8"),
        ("RHEL", "10.2", ".n.2", 22.0, 4.0, "FINISHED", "10"),  # still running at midnight
    ]
    variants = {"10": ["BaseOS", "AppStream"], "9": ["BaseOS", "AppStream"],
                "8": ["BaseOS", "AppStream"]}
    done = []
    for product, version, label, hour, hours, final, major in specs:
        cid = "%s-%s-%s%s" % (product, version, DATE, label)
        kind = "nightly" if ".n." in label else "rel-eng"
        location = ("http://download.devel.redhat.com/rhel-%s/%s/RHEL-%s/%s/compose"
                    % (major, kind, major, cid))
        end = compose_story(cid, location, False, DAY0 + hour * 3600 + rng.uniform(0, 600),
                            hours, final, variants[major], ARCHES)
        if final != "DOOMED":
            done.append((cid, end, version, major, location))
    for cid, end, version, major, location in done:
        minor = ".".join(version.split(".")[:2])
        if ".n." in cid:  # the job-trigger service asks for images of every nightly
            emit(after(end, 1, 10),
                 {"version": minor, "product": "RHEL",
                  "message": {"product": "RHEL",
                              "bkr_info": {"distro_tags": ["nightly_composes"],
                                           "distro_name": cid},
                              "arches": ["aarch64", "x86_64", "s390x", "ppc64le"],
                              "version": minor, "build": cid,
                              "url_prefix": "http://download.eng.pek2.redhat.com/rhel-%s/nightly/"
                                            "RHEL-%s/" % (major, major)}})
        t = after(end, 2, 20)
        for tag in (["nightly"] if ".n." in cid else ["candidate", "RC-%s" % minor]):
            payload = {"compose": {"id": cid, "date": DATE, "label": None if ".n." in cid
                                   else "RC-1.%d" % rng.randint(0, 9), "respin": 0,
                                   "type": "nightly" if ".n." in cid else "production",
                                   "final": False},
                       "release": {"short": "RHEL", "name": "Red Hat Enterprise Linux",
                                   "type": "ga", "version": version, "internal": False},
                       "variants": {}}
            compose = {"builder": "pungi/rhel-%s" % major, "children": [], "parents": [],
                       "respin_of": None, "respun_by": [], "tags": [tag],
                       "compose_info": {"header": {"version": "1.2",
                                                   "type": "productmd.composeinfo"},
                                        "payload": payload}}
            umb(t, "cts.compose-tagged", {"event": "compose-tagged", "tag": tag,
                                          "compose": compose})
            t = after(t, 1, 5)
        if cid.endswith(".n.0") and major == "9":  # yesterday's nightly loses its tag
            old = dict(compose, tags=[])
            umb(after(t, 1, 30), "cts.compose-untagged",
                {"event": "compose-untagged", "tag": "nightly", "compose": old})
        artifact = {"type": "productmd-compose", "id": cid,
                    "compose_type": "nightly" if ".n." in cid else "production"}
        for test_type in ["tier0", "installability"]:
            for arch in ["x86_64", "aarch64"]:
                ci_run(after(end, 5, 30),
                       lambda t, stage, body: umb(t, "ci.productmd-compose." + stage, body),
                       artifact, "osci.compose", test_type, "functional", arch,
                       "RHEL-%s" % version, ["passed", "passed", "passed", "failed"])


def distill_composes():
    for layered, major, version, hour, state in [
            ("Supp", "9", "9.8.0", 3.0, "FINISHED"), ("Supp", "10", "10.2", 4.5, "FINISHED"),
            ("SAP", "9", "9.8.0", 7.0, "FINISHED"), ("HighAvailability", "9", "9.8.0", 9.0,
                                                     "FINISHED_INCOMPLETE"),
            ("Supp", "8", "8.10.0", 12.0, "FINISHED"), ("SAP", "10", "10.2", 17.0, "DOOMED"),
            ("RT", "9", "9.8.0", 19.0, "FINISHED"), ("NFV", "10", "10.2", 20.5, "FINISHED")]:
        cid = "%s-%s-RHEL-%s-%s.n.0" % (layered, version, major, DATE)
        umb(DAY0 + hour * 3600 + rng.uniform(0, 1800), "distill.compose-finished",
            {"compose-path": "/mnt/redhat/nightly/" + cid, "compose-label": "",
             "compose-type": "nightly", "compose-id": cid, "compose-state": state,
             "release-id": "%s-%s-RHEL-%s" % (layered, version, major)})


def odcs_composes():
    sources = ["rhel-9.8.0-candidate", "rhel-10.2-candidate", "osbs-test-odcs",
               "rhel-8.10.0-z-candidate", "ceph-7.1-rhel-9-candidate",
               "openshift-4.20-rhel-9-candidate"]
    for n in range(36):
        odcs_id = 612400 + n * 3 + rng.randint(0, 2)
        start = DAY0 + rng.uniform(0, 86000)
        source = rng.choice(sources)
        failed = rng.random() < 0.12
        states = [("wait", 0), ("generating", 1), ("failed", 4) if failed else ("done", 2)]
        t = start
        for name, number in states:
            repo = "https://odcs.engineering.redhat.com/composes/odcs-%d" % odcs_id
            compose = {"state_name": name, "source_type": 1, "sigkeys": "fd431d51",
                       "time_submitted": iso(start), "results": ["repository"],
                       "time_removed": None, "source": source, "state": number,
                       "time_to_expire": iso(start + 86400),
                       "flags": [], "time_done": iso(t) if name in ("done", "failed") else None,
                       "owner": rng.choice(["osbs", "freshmaker", "cvp", "errata"]),
                       "result_repo": repo + "/compose/Temporary", "id": odcs_id,
                       "result_repofile": "%s/compose/Temporary/odcs-%d.repo" % (repo, odcs_id)}
            if failed and name == "failed":
                compose["state_reason"] = "Error while generating compose: Cannot find package"
            umb(t, "odcs.state.change", {"compose": compose, "event": "state-changed"})
            t = after(t, 1, 25)


# --- modules: MBS state changes, MTS tagging, CI on modules --------------------------------------

RHEL_MODULES = [("nodejs", "22"), ("nodejs", "24"), ("postgresql", "16"), ("ruby", "3.3"),
                ("php", "8.3"), ("nginx", "1.26"), ("mariadb", "10.11"), ("redis", "7"),
                ("maven", "3.9"), ("mysql", "8.4"), ("httpd", "2.4"), ("perl", "5.32"),
                ("container-tools", "rhel8"), ("python39", "3.9"), ("go-toolset", "rhel8"),
                ("llvm-toolset", "rhel8"), ("rust-toolset", "rhel8"), ("squid", "4")]
FEDORA_MODULES = [("eln-extras", "rawhide"), ("testmodule", "master"), ("javapackages-tools",
                                                                           "201902")]
MODULE_STATES = ["init", "wait", "build", "done", "failed", "ready"]


def module_story(n):
    fedora_side = n % 6 == 0
    name, stream = rng.choice(FEDORA_MODULES if fedora_side else RHEL_MODULES)
    rhel = rng.choice(["8100", "9080"]) if not fedora_side else None
    start = DAY0 + rng.uniform(0, 80000)
    stamp = dt.datetime.fromtimestamp(start, dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    version = (rhel + "0" + stamp) if rhel else stamp
    context = hexid(8)
    mbs_id = 24100 + n
    owner = rng.choice(["mbs/mbs.engineering.redhat.com", "jorton", "hhorak", "pkubat", "mhroncok"])
    fail = rng.random() < 0.15
    path = ["init", "wait", "build", "failed"] if fail else ["init", "wait", "build", "done",
                                                             "ready"]
    scm = ("https://src.fedoraproject.org/modules/%s.git?#%s" if fedora_side else
           "git://pkgs.devel.redhat.com/modules/%s?#%s") % (name, hexid(40))
    koji_tag = "module-%s-%s-%s-%s" % (name, stream, version, context)
    t = start
    components = [rng.randint(2900000, 3100000) for _ in range(rng.randint(1, 6))]
    for state_name in path:
        body = {"state_name": state_name, "stream": stream, "owner": owner, "id": mbs_id,
                "state_reason": ("Component(s) %s failed to build." % name
                                 if state_name == "failed" else None),
                "time_completed": iso(t)[:19] + "Z" if state_name in ("done", "failed", "ready")
                else None,
                "build_context": hexid(40), "state": MODULE_STATES.index(state_name)
                if state_name != "ready" else 5, "version": version,
                "koji_tag": koji_tag if state_name != "init" else None,
                "scmurl": scm, "rebuild_strategy": "only-changed", "runtime_context": hexid(40),
                "state_url": "/module-build-service/1/module-builds/%d" % mbs_id,
                "component_builds": components if state_name != "init" else [],
                "name": name, "time_submitted": iso(start)[:19] + "Z",
                "time_modified": iso(t)[:19] + "Z", "context": context}
        if fedora_side:
            fedora(t, "mbs.module.state.change", body)
        else:
            umb(t, "mbs.module.state.change", body)
        t = after(t, 1, 5) if state_name in ("init", "wait", "done") else after(t, 20, 120)
    if fail:
        return
    build = {"id": mbs_id, "name": name, "stream": stream, "version": version, "context": context}
    nvr = "%s-%s-%s.%s" % (name, stream.replace("-", "_"), version, context)
    t = after(t, 0.2, 2)
    if rng.random() < 0.8:
        tags = ["rhel-%s-modules-candidate" % ("8.10.0" if rhel == "8100" else "9.8.0")
                if rhel else "f45-modular-updates-candidate"]
        if rng.random() < 0.3:
            tags.append(tags[0].replace("candidate", "gate"))
        body = {"build": build, "nvr": nvr,
                "destination_tags": [{"tag": tag, "task_id": rng.randint(70000000, 80000000)}
                                     for tag in tags]}
        suffix = "mts.build.tag.requested"
    else:
        body = {"build": build}
        suffix = "mts.build.tag.unmatched"
    if fedora_side:
        fedora(t, suffix, body)
    else:
        umb(t, suffix, body)
        artifact = {"type": "redhat-module", "id": mbs_id, "issuer": owner,
                    "nsvc": "%s:%s:%s:%s" % (name, stream, version, context), "name": name,
                    "stream": stream, "version": version, "context": context}
        ci_run(after(t, 2, 20), lambda t2, stage, b: umb(t2, "ci.redhat-module." + stage, b),
               artifact, "osci.redhat-module", "tier1", "functional", rng.choice(ARCHES),
               "RHEL-9.8.0" if rhel == "9080" else "RHEL-8.10.0",
               ["passed", "passed", "failed", "needs_inspection"])


# --- packages: Koji and Brew builds and tags, CI on builds, Bodhi, legacy CentOS CI ---------------

COMPONENTS = ["python-requests", "systemd", "glibc", "gcc", "firefox", "kernel", "anaconda",
              "rust-serde", "golang-x-net", "nodejs22", "podman", "cockpit", "openssl", "curl",
              "libvirt", "qemu", "NetworkManager", "selinux-policy", "dnf5", "rpm", "vim",
              "bash", "coreutils", "python3.14", "perl-DateTime", "ghc-aeson", "texlive-base",
              "mesa", "gnome-shell", "util-linux", "sssd", "freeipa", "httpd", "nginx",
              "postgresql16", "ansible-core", "cups", "pipewire", "grub2", "shim"]
OWNERS = ["zbyszek", "sgallagh", "ttomecek", "jkonecny", "mhroncok", "pbrobinson", "kevin",
          "adamwill", "jforbes", "decathorpe", "salimma", "tdawson"]
FEDORA_RELEASES = [("fc46", "f46", "rawhide"), ("fc45", "f45", "F45"), ("fc44", "f44", "F44"),
                   ("fc43", "f43", "F43"), ("el10_2", "epel10.2", "EPEL-10.2"),
                   ("eln153", "eln", "ELN")]
KOJI_STATES = {0: "BUILDING", 1: "COMPLETE", 2: "DELETED", 3: "FAILED", 4: "CANCELED"}


def nvr_parts(component, dist):
    version = "%d.%d.%d" % (rng.randint(0, 30), rng.randint(0, 20), rng.randint(0, 12))
    return component, version, "%d.%s" % (rng.randint(1, 5), dist)


def koji_story(n):
    dist, tag, rel = rng.choice(FEDORA_RELEASES)
    name, version, release = nvr_parts(rng.choice(COMPONENTS), dist)
    nvr = "%s-%s-%s" % (name, version, release)
    owner = rng.choice(OWNERS)
    build_id = 2841000 + n * 7
    task_id = 139450000 + n * 113
    start = DAY0 + rng.uniform(0, 84000)
    r = rng.random()
    final = 1 if r < 0.84 else (3 if r < 0.95 else 4)

    def state(t, old, new):
        fedora(t, "buildsys.build.state.change",
               {"build_id": build_id, "old": old, "name": name, "task_id": task_id,
                "attribute": "state", "instance": "primary", "version": version,
                "owner": owner, "new": new, "release": release, "epoch": None,
                "request": ["git+https://src.fedoraproject.org/rpms/%s.git#%s" % (name, hexid(40)),
                            tag if rel != "rawhide" else "rawhide", {}],
                "url": "https://koji.fedoraproject.org/koji/buildinfo?buildID=%d" % build_id},
               schema="buildsys.build.state.change")

    def tagging(t, topic, tag_name, user):
        fedora(t, "buildsys." + topic,
               {"build_id": build_id, "name": name, "tag_id": 60000 + len(tag_name),
                "instance": "primary", "tag": tag_name, "user": user, "version": version,
                "owner": owner, "release": release}, schema="buildsys." + topic)

    state(start, None, 0)
    t = after(start, 4, 150)
    state(t, 0, final)
    if final != 1:
        return
    candidate = "%s-updates-candidate" % tag
    tagging(after(t, 0.1, 1), "tag", candidate, owner)
    t = after(t, 1, 10)
    artifact = {"type": "koji-build", "id": task_id, "issuer": owner, "component": name,
                "nvr": nvr, "scratch": False, "baseline": None,
                "source": "git+https://src.fedoraproject.org/rpms/%s.git#%s" % (name, hexid(40))}
    for test_type, category in [("rpminspect", "static-analysis"), ("installability",
                                                                     "functional")]:
        if rng.random() < 0.7:
            ci_run(after(t, 0.5, 10),
                   lambda t2, stage, body: fedora(t2, "ci.koji-build." + stage, body, CENTOS),
                   artifact, "fedora-ci.koji-build", test_type, category,
                   rng.choice(ARCHES[:2]), "fedora-%s" % tag.lstrip("f"),
                   ["passed", "passed", "passed", "failed", "info", "needs_inspection"])
    if rel in ("rawhide", "ELN"):
        return
    alias = "FEDORA-%s2026-%s" % ("EPEL-" if rel.startswith("EPEL") else "", hexid(10))
    t = after(t, 5, 60)
    fedora(t, "bodhi.update.status.testing.koji-build-group.build.complete",
           {"re-trigger": rng.random() < 0.1,
            "artifact": {"release": tag, "type": "koji-build-group",
                         "builds": [{"component": name, "id": build_id, "issuer": owner,
                                     "nvr": nvr, "scratch": False, "task_id": task_id,
                                     "type": "koji-build"}],
                         "repository": "https://bodhi.fedoraproject.org/updates/" + alias,
                         "id": "%s-%s" % (alias, hashlib.sha1(nvr.encode()).hexdigest())},
            "contact": {"docs": "https://docs.fedoraproject.org/en-US/ci/", "team": "Fedora CI",
                        "email": "admin@fp.o", "name": "Bodhi"},
            "version": "0.2.2", "agent": owner, "generated_at": iso(t, micro=True),
            "update": {"alias": alias, "critpath": rng.random() < 0.3, "critpath_groups": "",
                       "release": {"branch": tag, "dist_tag": tag, "id_prefix": alias[:-16],
                                   "long_name": "Fedora " + rel.lstrip("F"), "name": rel,
                                   "version": rel.lstrip("F").replace("EPEL-", "")}}})
    tagging(after(t, 0.5, 3), "tag", "%s-signing-pending" % tag, "bodhi")
    t = after(t, 3, 15)
    tagging(t, "untag", "%s-signing-pending" % tag, "autopen")
    tagging(after(t, 0.1, 1), "tag", "%s-updates-testing-pending" % tag, "autopen")


RHEL_TAGS = [("el10_2", "rhel-10.2"), ("el9", "rhel-9.8.0"), ("el9_7", "rhel-9.7.0-z"),
             ("el8_10", "rhel-8.10.0-z")]


def brew_story(n):
    dist, tag = rng.choice(RHEL_TAGS)
    name, version, release = nvr_parts(rng.choice(COMPONENTS), dist)
    nvr = "%s-%s-%s" % (name, version, release)
    owner = rng.choice(["jorton", "lzaoral", "msekleta", "fweimer", "rharwood", "psklenar",
                        "mvadkert", "kwalker"])
    build_id = 3419000 + n * 5
    task_id = 68720000 + n * 97
    start = DAY0 + rng.uniform(0, 84000)
    r = rng.random()
    final = 1 if r < 0.86 else (3 if r < 0.96 else 4)

    def info(state, t):
        return {"package_name": name, "extra": {"source": {"original_url": "git://pkgs.devel."
                                                           "redhat.com/rpms/%s#%s"
                                                           % (name, hexid(40))}},
                "creation_time": iso(start)[:19].replace("T", " "), "completion_time":
                    iso(t)[:19].replace("T", " ") if state else None,
                "package_id": 40000 + len(name) * 131, "id": build_id, "build_id": build_id,
                "state": state, "source": None, "epoch": None, "version": version,
                "owner_name": owner, "nvr": nvr, "start_time": iso(start)[:19].replace("T", " "),
                "volume_id": 0, "name": name, "task_id": task_id, "volume_name": "DEFAULT",
                "release": release}

    body = info(0, start)
    if n % 3 == 0:  # older Brew messages name the build by N, V, R only
        body = {k: v for k, v in body.items() if k not in ("nvr", "package_name", "owner_name")}
    umb(start, "brew.build.building", {"info": body, "attribute": "state", "old": None, "new": 0})
    t = after(start, 5, 180)
    umb(t, "brew.build." + KOJI_STATES[final].lower(),
        {"info": info(final, t), "attribute": "state", "old": 0, "new": final})
    if final != 1:
        return
    user = {"status": 0, "krb_principal": "%s@REDHAT.COM" % owner, "usertype": 0,
            "id": 2700 + len(owner), "name": owner}
    candidate = "%s-candidate" % tag

    def tagging(t2, what, tag_name):
        umb(t2, "brew.build." + what,
            {"tag": {"maven_support": False, "locked": False, "name": tag_name, "extra": {},
                     "perm": None, "perm_id": None, "arches": None, "maven_include_all": False,
                     "id": 90000 + len(tag_name)},
             "force": False, "build": info(1, t), "user": user})

    tagging(after(t, 0.1, 1), "tag", candidate)
    artifact = {"type": "brew-build", "id": task_id, "issuer": owner, "component": name,
                "nvr": nvr, "scratch": False,
                "source": "git+https://pkgs.devel.redhat.com/git/rpms/%s#%s" % (name, hexid(40))}
    t2 = after(t, 1, 10)
    if rng.random() < 0.2:  # CI messages spec 0.x, as the older pipelines still send
        t2 = after(t2, 20, 90)
        result = rng.choice(["passed", "passed", "failed"])
        umb(t2, "ci.brew-build.test.complete",
            {"category": "functional", "status": result,
             "ci": {"url": "https://jenkins-osci.example.redhat.com", "team": "Platform QE",
                    "irc": "#osci", "email": "osci@redhat.com", "name": "OSCI"},
             "run": {"url": "https://jenkins-osci.example.redhat.com/job/tier1/%d/" % n,
                     "log": "https://jenkins-osci.example.redhat.com/job/tier1/%d/console" % n},
             "namespace": "osci", "system": {"os": tag.upper(), "provider": "beaker"},
             "artifact": {"nvr": nvr, "scratch": "false", "component": name,
                          "type": "brew-build", "id": str(task_id), "issuer": owner},
             "type": "tier1"},
            {"nvr": nvr, "component": name, "type": "brew-build", "id": str(task_id),
             "issuer": owner, "scratch": "False"})
    else:
        t2 = ci_run(t2, lambda t3, stage, b: umb(t3, "ci.brew-build." + stage, b), artifact,
                    "osci.brew-build", "tier0", "functional", rng.choice(ARCHES),
                    tag.upper(), ["passed", "passed", "passed", "failed", "needs_inspection"])
    if rng.random() < 0.5:
        tagging(after(t2, 1, 20), "tag", "%s-gate" % tag)
    if rng.random() < 0.1:
        tagging(after(t2, 20, 60), "untag", candidate)
    if rng.random() < 0.4:  # an advisory picks the build up
        errata_id = 150000 + n
        umb(after(t2, 30, 120), "errata.builds.added",
            {"when": iso(t2)[:19].replace("T", " ") + " UTC", "product": "RHEL",
             "who": "%s@redhat.com" % owner, "errata_id": errata_id, "brew_build": nvr},
            {"errata_id": str(errata_id), "product": "RHEL", "brew_build": nvr,
             "who": "%s@redhat.com" % owner, "type": "errata.builds.added",
             "subject": "errata.builds.added"})


def centos_pipeline_story(n):
    name = rng.choice(COMPONENTS)
    branch = rng.choice(["f45", "rawhide", "f44"])
    rev = hexid(40)
    build_id = str(400 + n)
    start = DAY0 + rng.uniform(0, 84000)
    common = {"CI_TYPE": "custom", "build_id": build_id, "username": "fedora-atomic", "rev": rev,
              "message-content": "", "namespace": "rpms", "repo": name, "branch": branch,
              "test_guidance": "''", "ref": "fedora/%s/x86_64/atomic-host" % branch}
    t = start
    for stage, status in [("queued", "success"), ("running", "success"),
                          ("complete", rng.choice(["SUCCESS", "SUCCESS", "FAILURE"]))]:
        body = dict(common, CI_NAME="ci-pipeline-%s" % branch, status=status,
                    build_url="https://jenkins-continuous-infra.apps.ci.centos.org/job/"
                              "ci-pipeline-%s/%s/" % (branch, build_id),
                    topic=CENTOS + "ci.pipeline.package." + stage)
        if stage == "complete":
            body["package_url"] = ("http://artifacts.ci.centos.org/fedora-atomic/%s/repo/%s_repo/"
                                   % (branch, name))
        fedora(t, "ci.pipeline.package." + stage, body, CENTOS)
        t = after(t, 2, 40)
    if n % 2 == 0:
        for stage in ["running", "complete"]:
            status = "SUCCESS" if stage == "running" else rng.choice(["SUCCESS", "FAILED"])
            body = dict(common, CI_NAME="ci-pipeline-ostree-compose", status=status,
                        compose_url="http://artifacts.ci.centos.org/artifacts/fedora-atomic/%s/"
                                    "ostree" % branch,
                        compose_rev=hexid(64), topic=CENTOS + "ci.pipeline.compose." + stage,
                        build_url="https://ci.centos.org/job/ci-pipeline-ostree-compose/%s/"
                                  % build_id)
            if stage == "complete":
                body["CI_STATUS"] = "passed" if status == "SUCCESS" else "failed"
            fedora(t, "ci.pipeline.compose." + stage, body, CENTOS)
            t = after(t, 5, 30)


# --- checkouts: CKI DataWarehouse and ready_for_test ----------------------------------------------

CKI_TREES = [("rhel-9.8", "centos-stream-9", "5.14.0", "el9"),
             ("rhel-10.2", "centos-stream-10", "6.12.0", "el10"),
             ("c9s", "centos-stream-9", "5.14.0", "el9"), ("c10s", "centos-stream-10", "6.12.0",
                                                          "el10"),
             ("rhel-8.10", "rhel-8", "4.18.0", "el8_10")]


def checkout_story(n):
    tree, repo, kver, dist = rng.choice(CKI_TREES)
    checkout = "redhat:%d" % (1745300 + n * 17 + rng.randint(0, 9))
    commit = hexid(40)
    release = "%d.%s" % (rng.randint(100, 700), dist)
    arches = ARCHES if rng.random() < 0.6 else ["x86_64", "aarch64"]
    start = DAY0 + rng.uniform(0, 78000)

    def dw(t, status):
        obj = {"id": checkout, "origin": "redhat", "tree_name": tree, "valid": True,
               "git_repository_url": "https://gitlab.com/redhat/centos-stream/src/kernel/%s.git"
                                     % repo,
               "git_repository_branch": "main", "git_commit_hash": commit,
               "misc": {"retrigger": False, "kernel_version": "%s-%s" % (kver, release)}}
        emit(t, fm_record(t, "cki.datawarehouse.checkout",
                          {"timestamp": iso(t), "status": status, "object_type": "checkout",
                           "id": checkout, "misc": {}, "object": obj}))

    def rft(t, finished, status):
        body = {"ci": {"name": "CKI (Continuous Kernel Integration)", "team": "CKI",
                       "docs": "https://cki-project.org", "url": "https://gitlab.com/cki-project",
                       "email": "cki-project@redhat.com", "irc": "Slack #team-kernel-cki"},
                "run": {"url": "https://gitlab.com/redhat/red-hat-ci-tools/kernel/"
                               "cki-internal-pipelines/-/pipelines/%d" % (1500000 + n)},
                "artifact": {"type": "cki-build", "issuer": "CKI",
                             "source_package_name": "kernel", "source_package_version": kver,
                             "source_package_release": release},
                "checkout_id": checkout, "tree_name": tree, "cki_finished": finished,
                "status": status,
                "build_info": [{"architecture": a, "build_id": "%s_%s" % (checkout, a),
                                "package_name": "kernel"} for a in arches]}
        umb(t, "cki.ready_for_test", body)

    dw(start, "new")
    t = after(start, 40, 120)
    dw(t, "build_setups_finished")
    rft(after(t, 0.2, 2), False, None)
    if rng.random() < 0.3:
        dw(after(t, 10, 60), "updated")
    t = after(t, 120, 300)
    dw(t, "ready_to_report")
    rft(after(t, 0.2, 2), True, rng.choice(["success", "success", "success", "fail", "error"]))


# --- other: errata, resultsdb, greenwave ----------------------------------------------------------

def other_messages():
    statuses = ["NEW_FILES", "QE", "REL_PREP", "PUSH_READY", "SHIPPED_LIVE"]
    for n in range(50):
        t = DAY0 + rng.uniform(0, 86300)
        errata_id = 148000 + n * 3
        frm, to = rng.choice(list(zip(statuses, statuses[1:])))
        who = "%s@redhat.com" % rng.choice(["fmuellne", "jorton", "lzaoral", "errata-bot"])
        umb(t, "errata.activity.status", "",
            {"errata_status": to, "errata_id": str(errata_id), "to": to, "from": frm,
             "when": iso(t)[:19].replace("T", " ") + " UTC", "who": who,
             "synopsis": "%s bug fix and enhancement update" % rng.choice(COMPONENTS),
             "fulladvisory": "RH%s-2026:%d-01" % (rng.choice("BES") + "A", errata_id),
             "type": "errata.activity.status", "subject": "errata.activity.status"})
    for n in range(60):
        t = DAY0 + rng.uniform(0, 86300)
        dist, tag = rng.choice(RHEL_TAGS)
        name, version, release = nvr_parts(rng.choice(COMPONENTS), dist)
        item = "%s-%s-%s" % (name, version, release)
        result_id = 9100000 + n * 11
        testcase = rng.choice(["osci.brew-build.tier0.functional",
                               "baseos-ci.brew-build.covscan.static-analysis",
                               "osci.brew-build.rpmdeplint.functional"])
        umb(t, "resultsdb.result.new",
            {"testcase": {"ref_url": "https://docs.engineering.redhat.com/osci",
                          "href": "https://resultsdb-api.engineering.redhat.com/api/v2.0/"
                                  "testcases/" + testcase, "name": testcase},
             "ref_url": "https://jenkins-osci.example.redhat.com/job/%d/" % result_id,
             "note": "", "href": "https://resultsdb-api.engineering.redhat.com/api/v2.0/results/"
                                 "%d" % result_id,
             "groups": [new_uuid()], "submit_time": iso(t, micro=True)[:-1],
             "outcome": rng.choice(["PASSED", "PASSED", "FAILED", "NEEDS_INSPECTION"]),
             "id": result_id,
             "data": {"item": [item], "type": ["brew-build"], "component": [name],
                      "scratch": ["False"], "issuer": [rng.choice(OWNERS)],
                      "brew_task_id": [str(68720000 + n)]}})
    for n in range(40):
        t = DAY0 + rng.uniform(0, 86300)
        fedora_side = n % 2 == 0
        dist, tag = (rng.choice(FEDORA_RELEASES)[:2] if fedora_side else rng.choice(RHEL_TAGS))
        name, version, release = nvr_parts(rng.choice(COMPONENTS), dist)
        item = "%s-%s-%s" % (name, version, release)
        satisfied = rng.random() < 0.7
        kind = "koji_build" if fedora_side else "brew-build"
        missing = [] if satisfied else [{"testcase": "fedora-ci.koji-build.tier0.functional",
                                         "item": {"item": item, "type": kind},
                                         "subject_type": kind, "subject_identifier": item,
                                         "scenario": None, "type": "test-result-missing"}]
        body = {"subject_type": kind, "policies_satisfied": satisfied,
                "decision_context": "bodhi_update_push_testing" if fedora_side
                else "osci_compose_gate",
                "product_version": ("fedora-%s" % tag.lstrip("f")) if fedora_side else "rhel-9",
                "applicable_policies": ["kojibuild_bodhipush_no_requirements"],
                "unsatisfied_requirements": missing, "subject_identifier": item,
                "summary": "All required tests passed" if satisfied
                else "1 of 1 required test results missing",
                "subject": [{"item": item, "type": kind}]}
        if fedora_side:
            fedora(t, "greenwave.decision.update", body)
        else:
            umb(t, "greenwave.decision.update", body)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "assets", "demo", "events.jsonl")
    fedora_composes()
    rhel_composes()
    distill_composes()
    odcs_composes()
    for n in range(48):
        module_story(n)
    for n in range(130):
        koji_story(n)
    for n in range(90):
        brew_story(n)
    for n in range(14):
        centos_pipeline_story(n)
    for n in range(45):
        checkout_story(n)
    other_messages()
    lines.sort(key=lambda item: (item[0], item[1]))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for _, _, record in lines:
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote %d messages to %s" % (len(lines), os.path.normpath(out)), file=sys.stderr)


if __name__ == "__main__":
    main()
