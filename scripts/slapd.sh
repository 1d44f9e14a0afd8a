#!/usr/bin/env bash
# Runs a throw-away OpenLDAP directory on loopback for the LDAP backend's tests, in the foreground:
#   bash scripts/slapd.sh DIR PORT
# DIR gets the configuration and the database; the suffix is dc=ember,dc=test, the manager is
# cn=admin,dc=ember,dc=test with password "manager-secret" (a test directory only). Load entries
# with ldapadd once it answers. Needs Debian's slapd (scripts/setup.sh installs it).
set -euo pipefail
dir="$1"
port="$2"
[[ "$port" =~ ^[0-9]+$ ]] || { echo "slapd.sh: PORT must be a number" >&2; exit 2; }
mkdir -p "$dir/db"
cat > "$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $dir/slapd.pid
database mdb
maxsize 67108864
suffix "dc=ember,dc=test"
rootdn "cn=admin,dc=ember,dc=test"
rootpw manager-secret
directory $dir/db
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
CONF
exec /usr/sbin/slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/" -d 0
