#include "CLDAP.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

static ember_ldap_api api;
static const ember_ldap_api *loaded;
static const char *load_error;
static pthread_once_t once = PTHREAD_ONCE_INIT;

// Debian 12's soname first, then OpenLDAP 2.6's.
static const char *const sonames[] = {"libldap-2.5.so.0", "libldap.so.2"};

// POSIX's way to store dlsym's result in a function pointer.
#define LOAD(field) \
    if (!(*(void **)&api.field = dlsym(library, "ldap_" #field))) goto failed;

static void load(void) {
    void *library = NULL;
    for (size_t i = 0; i < sizeof sonames / sizeof *sonames && !library; i++) library = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) goto failed;
    LOAD(initialize) LOAD(set_option) LOAD(unbind_ext_s) LOAD(sasl_bind_s) LOAD(search_ext_s) LOAD(msgfree)
    LOAD(first_entry) LOAD(next_entry) LOAD(get_dn) LOAD(memfree) LOAD(get_values_len) LOAD(value_free_len)
    LOAD(err2string)
    loaded = &api;
    return;
failed:
    load_error = dlerror();
}

const ember_ldap_api *ember_ldap_load(const char **error) {
    pthread_once(&once, load);
    if (!loaded && error) *error = load_error;
    return loaded;
}
