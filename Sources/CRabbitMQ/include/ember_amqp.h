#ifndef EMBER_AMQP_H
#define EMBER_AMQP_H
// rabbitmq-c 0.11 (Debian's librabbitmq-dev) for the AMQP bus, and the one call Swift cannot make.
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>

// amqp_login is variadic: this is its PLAIN form, with a frame size of 128 KiB and no channel limit.
amqp_rpc_reply_t ember_amqp_login_plain(amqp_connection_state_t state, const char *vhost, int heartbeat,
                                        const char *user, const char *password);
#endif
