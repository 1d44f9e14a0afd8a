// OpenLDAP's client library, as Debian's libldap-dev installs it. Only the non-deprecated API is used.
#include <ldap.h>
