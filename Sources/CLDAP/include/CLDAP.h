// OpenLDAP's client library (Debian's libldap-dev headers), loaded at run time: its shared library
// brings GnuTLS and a dozen more with it, and only the LDAP identity backend needs it, so no other
// start of `ember` (a short `ember io wipe` above all) pays for loading them.
#pragma once
#include <sys/time.h>
#include <ldap.h>

/// The libldap functions Ember calls, typed from the library's own declarations.
typedef struct {
    __typeof__(&ldap_initialize) initialize;
    __typeof__(&ldap_set_option) set_option;
    __typeof__(&ldap_unbind_ext_s) unbind_ext_s;
    __typeof__(&ldap_sasl_bind_s) sasl_bind_s;
    __typeof__(&ldap_search_ext_s) search_ext_s;
    __typeof__(&ldap_msgfree) msgfree;
    __typeof__(&ldap_first_entry) first_entry;
    __typeof__(&ldap_next_entry) next_entry;
    __typeof__(&ldap_get_dn) get_dn;
    __typeof__(&ldap_memfree) memfree;
    __typeof__(&ldap_get_values_len) get_values_len;
    __typeof__(&ldap_value_free_len) value_free_len;
    __typeof__(&ldap_err2string) err2string;
} ember_ldap_api;

/// A whole number of seconds as libldap's timeouts take it.
static inline struct timeval ember_ldap_seconds(long seconds) {
    struct timeval value = {seconds, 0};
    return value;
}

/// Loads libldap once (thread-safe) and returns its functions, or NULL with dlerror's text in `error`.
const ember_ldap_api *ember_ldap_load(const char **error);
