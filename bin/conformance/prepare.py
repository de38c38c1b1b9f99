#!/usr/bin/python3
"""Reads the running simulator's seed world and writes a tempest workspace's tempest.conf and accounts.yaml.

Usage: prepare.py BASE_URL WORKSPACE CONCURRENCY [announced|-] [dynamic|seed]
With "announced", tempest's Nova microversion range is the one the simulator's version document announces;
without, it is left unset (tempest's default), so tempest sends no microversion header.
With "dynamic" (the default), tempest makes a project, user, role assignment and network per test class through
the simulator's identity admin API, as it does on a real cloud; with "seed", every class uses the seed users
(listed many times in accounts.yaml).
Only the Python standard library: the seed ids (project, user, images, flavors, networks) are random per
simulator start, so they are read over the simulator's own OpenStack APIs with the seed users' tokens.
"""
import itertools
import json
import os
import string
import sys
import urllib.request

BASE, WORKSPACE, CONCURRENCY = sys.argv[1], sys.argv[2], int(sys.argv[3])
ANNOUNCED = len(sys.argv) > 4 and sys.argv[4] == "announced"
DYNAMIC = not (len(sys.argv) > 5 and sys.argv[5] == "seed")
HERE = os.path.dirname(os.path.abspath(__file__))


def call(path, token=None, body=None, method=None):
    req = urllib.request.Request(BASE + path, method=method or ("POST" if body else "GET"),
                                 data=json.dumps(body).encode() if body else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("X-Auth-Token", token)
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.headers.get("X-Subject-Token"), json.loads(resp.read() or b"{}")


def login(user, password, project):
    scope = {"project": {"name": project, "domain": {"name": "Default"}}}
    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"name": "Default"}, "password": password}}}, "scope": scope}}
    token, body = call("/identity/v3/auth/tokens", body=auth)
    return token, body["token"]


demo_token, demo = login("demo", "demo", "dev")
admin_token, admin = login("admin", "admin", "admin")
dev_id = demo["project"]["id"]

images = sorted(call("/image/v2/images", demo_token)[1]["images"], key=lambda i: i["name"])
flavors = {f["name"]: f["id"] for f in call("/compute/v2.1/flavors", demo_token)[1]["flavors"]}
networks = call("/network/v2.0/networks", demo_token)[1]["networks"]
public = next(n for n in networks if n.get("router:external"))
private = next(n for n in networks if not n.get("router:external") and n["project_id"] == dev_id)
nova = call("/compute/v2.1", demo_token)[1]["version"]
types = call("/volume/v3/%s/types" % dev_id, demo_token)[1].get("volume_types", [])

values = {
    "base_url": BASE,
    "workspace": WORKSPACE,
    "image_ref": images[0]["id"],
    "image_ref_alt": images[1]["id"] if len(images) > 1 else images[0]["id"],
    "flavor_ref": flavors["m1.small"],
    "flavor_ref_alt": flavors["m1.medium"],
    "fixed_network": private["name"],
    "public_network_id": public["id"],
    "nova_microversions": ("min_microversion = %s\nmax_microversion = %s"
                           % (nova.get("min_version") or "2.1", nova.get("version") or "2.1")) if ANNOUNCED else "",
    "volume_type": types[0]["name"] if types else "",
    # a volume made from the image must hold it (the seed images say min_disk 10)
    "volume_size": max([1] + [i.get("min_disk") or 0 for i in images]),
    "auth_section": """# Tempest makes a project, a user, its role assignments and (create_isolated_networks) a network, subnet
# and router per test class with the admin account, through the simulator's identity admin API.
use_dynamic_credentials = true
admin_username = admin
admin_password = admin
admin_project_name = admin
admin_domain_name = Default
create_isolated_networks = true""" if DYNAMIC else """# Every class uses the seed users listed (many times) in accounts.yaml: see prepare.py.
use_dynamic_credentials = false
test_accounts_file = %s/etc/accounts.yaml
create_isolated_networks = false""" % WORKSPACE,
}

# Tempest normally gives each test class a project of its own; here every class shares the seed projects,
# so they get the room of many projects, set the way an operator would (the simulator's /_sim/quotas)
for project_id in (dev_id, admin["project"]["id"]):
    call("/_sim/quotas/" + project_id, body={
        "instances": 200, "cores": 800, "ram": 1638400, "volumes": 200, "gigabytes": 20000,
        "server_groups": 200, "server_group_members": 200, "key_pairs": 1000}, method="PUT")
with open(os.path.join(HERE, "tempest.conf.in")) as f:
    conf = string.Template(f.read()).substitute(values)
with open(os.path.join(WORKSPACE, "etc", "tempest.conf"), "w") as f:
    f.write(conf)


def slots(user, password, project, project_id, user_id, roles, count, extra=None):
    """The same seed account several times over, each copy a distinct entry for tempest.

    Tempest locks one entry per credential per test class (primary, alt, admin, the Octavia plugin's
    lb_member, lb_member2, lb_admin), so one entry per seed user would let only one class run at a time and
    never hand out primary and alt together. Tempest tells entries apart by a hash of their credential
    fields in file order, so the copies differ only in key order: they all log in as the same user.
    There are many copies because tempest 33 never releases the credentials of a class whose
    setup_credentials fails (the Octavia plugin's does, on the simulator): each such class keeps its five.
    """
    keys = ["username", "password", "project_name", "user_id", "project_id"]
    fields = {"username": user, "password": password, "project_name": project, "user_id": user_id,
              "project_id": project_id}
    out = []
    for order in itertools.islice(itertools.permutations(keys), count):
        entry = {k: fields[k] for k in order}
        entry["roles"] = roles
        if extra:
            entry.update(extra)
        out.append(entry)
    return out


# per worker, a class takes at most three non-admin entries and two admin ones (the Octavia plugin's)
accounts = (slots("demo", "demo", "dev", dev_id, demo["user"]["id"], ["member"], max(48, 3 * CONCURRENCY),
                  {"resources": {"network": private["name"]}})
            + slots("admin", "admin", "admin", admin["project"]["id"], admin["user"]["id"], ["admin"],
                    max(32, 2 * CONCURRENCY)))


def yaml_value(v):
    return json.dumps(v)  # JSON scalars and flow collections are valid YAML


with open(os.path.join(WORKSPACE, "etc", "accounts.yaml"), "w") as f:
    f.write("# Seed users of the Stackport OpenStack simulator (World.java), each listed several times: see prepare.py\n")
    for a in accounts:
        first = True
        for k, v in a.items():
            f.write(("- " if first else "  ") + "%s: %s\n" % (k, yaml_value(v)))
            first = False
print(json.dumps(values, indent=1))
