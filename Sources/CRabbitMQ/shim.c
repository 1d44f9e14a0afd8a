#include "ember_amqp.h"

amqp_rpc_reply_t ember_amqp_login_plain(amqp_connection_state_t state, const char *vhost, int heartbeat,
                                        const char *user, const char *password) {
    return amqp_login(state, vhost, 0, 131072, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}
