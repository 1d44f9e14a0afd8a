import CRabbitMQ
import Foundation

/// A failure of the connection to the broker; the link reconnects after one.
struct AMQPWireError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An exchange as Ember declares it.
struct AMQPExchange: Sendable, Hashable {
    enum Kind: String, Sendable { case direct, fanout }
    var name: String
    var kind: Kind
}

/// A queue, how it lives, and what it is bound to.
struct AMQPQueue: Sendable, Hashable {
    var name: String
    /// Survives the broker's restart (the shared topic queues).
    var durable = false
    /// Only this connection's, gone with it (reply and fanout queues).
    var exclusive = false
    /// Deleted once its last consumer leaves (a server's own queue), so casts to a gone server are refused.
    var autoDelete = false
    var bindings: [(exchange: AMQPExchange, key: String)] = []

    static func == (a: AMQPQueue, b: AMQPQueue) -> Bool { a.name == b.name }
    func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// What goes out: a body, where to, and the properties calls and replies need.
struct AMQPOutbound: Sendable {
    var exchange: AMQPExchange?
    var routingKey: String
    var body: Data
    var mandatory: Bool
    var persistent: Bool
    var replyTo: String?
    var correlationID: String?
}

/// What came in on a consumer.
struct AMQPInbound: Sendable {
    var body: Data
    var replyTo: String?
    var correlationID: String?
    var messageID: String?
    var deliveryTag: UInt64
}

/// The frames the link acts on, read by hand (rabbitmq-c 0.11 has no callback for confirms or returns).
enum AMQPEvent {
    case delivery(consumerTag: String, AMQPInbound)
    case returned(AMQPInbound)
    case acknowledged(tag: UInt64, multiple: Bool)
    case refused(tag: UInt64, multiple: Bool)
    case cancelled(consumerTag: String)
}

/// One rabbitmq-c connection with its channel 1, in confirm mode. Used only from the link's thread:
/// every call blocks, so none is ever made on an event loop or the cooperative pool.
struct AMQPWire {
    private let state: amqp_connection_state_t
    private static let channel: amqp_channel_t = 1

    /// Connects, logs in with PLAIN, opens the channel and selects publisher confirms.
    static func connect(_ url: AMQPURL, heartbeat: Int) throws -> AMQPWire {
        guard let state = amqp_new_connection() else { throw AMQPWireError("cannot allocate a connection") }
        let wire = AMQPWire(state: state)
        do {
            guard let socket = amqp_tcp_socket_new(state) else { throw AMQPWireError("cannot allocate a socket") }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            let opened = url.host.withCString { amqp_socket_open_noblock(socket, $0, Int32(url.port), &timeout) }
            guard opened == AMQP_STATUS_OK.rawValue else { throw AMQPWireError("cannot reach \(url.redacted): \(Self.text(opened))") }
            var rpcTimeout = timeval(tv_sec: 10, tv_usec: 0)
            _ = amqp_set_rpc_timeout(state, &rpcTimeout)
            let login = ember_amqp_login_plain(state, url.virtualHost, Int32(heartbeat), url.user, url.password)
            try wire.check(login, "login to \(url.redacted)")
            _ = amqp_channel_open(state, Self.channel)
            try wire.check(amqp_get_rpc_reply(state), "channel.open")
            _ = amqp_confirm_select(state, Self.channel)
            try wire.check(amqp_get_rpc_reply(state), "confirm.select")
            return wire
        } catch {
            wire.close()
            throw error
        }
    }

    /// The socket, for poll(2).
    var socket: Int32 { amqp_socket_get_sockfd(amqp_get_socket(state)) }

    func close() {
        _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        _ = amqp_destroy_connection(state)
    }

    func declare(_ exchange: AMQPExchange) throws {
        withBytes(exchange.name, exchange.kind.rawValue) { b in
            _ = amqp_exchange_declare(state, Self.channel, b[0], b[1], 0, 1, 0, 0, amqp_empty_table)
        }
        try check(amqp_get_rpc_reply(state), "exchange.declare \(exchange.name)")
    }

    func declare(_ queue: AMQPQueue) throws {
        withBytes(queue.name) { b in
            _ = amqp_queue_declare(
                state, Self.channel, b[0], 0, queue.durable ? 1 : 0, queue.exclusive ? 1 : 0, queue.autoDelete ? 1 : 0, amqp_empty_table)
        }
        try check(amqp_get_rpc_reply(state), "queue.declare \(queue.name)")
        for binding in queue.bindings {
            withBytes(queue.name, binding.exchange.name, binding.key) { b in
                _ = amqp_queue_bind(state, Self.channel, b[0], b[1], b[2], amqp_empty_table)
            }
            try check(amqp_get_rpc_reply(state), "queue.bind \(queue.name)")
        }
    }

    func consume(_ queue: String, tag: String) throws {
        withBytes(queue, tag) { b in _ = amqp_basic_consume(state, Self.channel, b[0], b[1], 0, 0, 0, amqp_empty_table) }
        try check(amqp_get_rpc_reply(state), "basic.consume \(queue)")
    }

    func cancel(tag: String) throws {
        withBytes(tag) { b in _ = amqp_basic_cancel(state, Self.channel, b[0]) }
        try check(amqp_get_rpc_reply(state), "basic.cancel \(tag)")
    }

    /// Publishes with `messageID` so that a return names the publish it refuses.
    func publish(_ message: AMQPOutbound, messageID: String) throws {
        var properties = amqp_basic_properties_t()
        properties._flags = amqp_flags_t(AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG)
        properties.delivery_mode = message.persistent ? 2 : 1
        if message.replyTo != nil { properties._flags |= amqp_flags_t(AMQP_BASIC_REPLY_TO_FLAG) }
        if message.correlationID != nil { properties._flags |= amqp_flags_t(AMQP_BASIC_CORRELATION_ID_FLAG) }
        let status = withBytes(message.exchange?.name ?? "", message.routingKey, messageID, message.replyTo ?? "", message.correlationID ?? "") { b in
            properties.message_id = b[2]
            properties.reply_to = b[3]
            properties.correlation_id = b[4]
            return message.body.withUnsafeBytes { raw in
                let body = amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress))
                return amqp_basic_publish(state, Self.channel, b[0], b[1], message.mandatory ? 1 : 0, 0, &properties, body)
            }
        }
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPWireError("basic.publish: \(Self.text(status))") }
    }

    func acknowledge(_ tag: UInt64) throws {
        let status = amqp_basic_ack(state, Self.channel, tag, 0)
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPWireError("basic.ack: \(Self.text(status))") }
    }

    /// The next event already on the wire or in rabbitmq-c's buffers, without waiting; nil when there
    /// is none. Also sends a heartbeat when one is due, and fails once the broker's have stopped.
    func nextEvent() throws -> AMQPEvent? {
        while true {
            var frame = amqp_frame_t()
            var now = timeval(tv_sec: 0, tv_usec: 0)
            let status = amqp_simple_wait_frame_noblock(state, &frame, &now)
            if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
            guard status == AMQP_STATUS_OK.rawValue else { throw AMQPWireError("connection lost: \(Self.text(status))") }
            guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { continue }
            if let event = try event(frame.payload.method) { return event }
        }
    }

    private func event(_ method: amqp_method_t) throws -> AMQPEvent? {
        defer { amqp_maybe_release_buffers(state) }
        switch method.id {
        case Method.deliver:
            let deliver = method.decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            let consumerTag = Self.string(deliver.consumer_tag) ?? ""
            return .delivery(consumerTag: consumerTag, try content(tag: deliver.delivery_tag))
        case Method.returned:
            return .returned(try content(tag: 0))
        case Method.ack:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            return .acknowledged(tag: ack.delivery_tag, multiple: ack.multiple != 0)
        case Method.nack:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            return .refused(tag: nack.delivery_tag, multiple: nack.multiple != 0)
        case Method.cancel:
            let cancel = method.decoded.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            return .cancelled(consumerTag: Self.string(cancel.consumer_tag) ?? "")
        case Method.channelClose, Method.connectionClose:
            throw AMQPWireError("the broker closed the \(method.id == Method.channelClose ? "channel" : "connection")")
        default:
            return nil
        }
    }

    /// Reads the header and body frames that follow a deliver or a return.
    private func content(tag: UInt64) throws -> AMQPInbound {
        var message = amqp_message_t()
        let reply = amqp_read_message(state, Self.channel, &message, 0)
        try check(reply, "reading a message")
        defer { amqp_destroy_message(&message) }
        let properties = message.properties
        func property(_ flag: Int32, _ bytes: amqp_bytes_t) -> String? {
            properties._flags & amqp_flags_t(flag) != 0 ? Self.string(bytes) : nil
        }
        return AMQPInbound(
            body: message.body.len > 0 ? Data(bytes: message.body.bytes, count: message.body.len) : Data(),
            replyTo: property(AMQP_BASIC_REPLY_TO_FLAG, properties.reply_to),
            correlationID: property(AMQP_BASIC_CORRELATION_ID_FLAG, properties.correlation_id),
            messageID: property(AMQP_BASIC_MESSAGE_ID_FLAG, properties.message_id), deliveryTag: tag)
    }

    private func check(_ reply: amqp_rpc_reply_t, _ what: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL: return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION: throw AMQPWireError("\(what): \(Self.text(reply.library_error))")
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            var text = "the broker refused it"
            if reply.reply.id == Method.channelClose {
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                text = "\(close.reply_code) \(Self.string(close.reply_text) ?? "")"
            } else if reply.reply.id == Method.connectionClose {
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                text = "\(close.reply_code) \(Self.string(close.reply_text) ?? "")"
            }
            throw AMQPWireError("\(what): \(text)")
        default: throw AMQPWireError("\(what): no reply")
        }
    }

    private static func text(_ status: Int32) -> String { String(cString: amqp_error_string2(status)) }

    private static func string(_ bytes: amqp_bytes_t) -> String? {
        guard let base = bytes.bytes, bytes.len > 0 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: base, count: bytes.len), as: UTF8.self)
    }

    /// The method numbers the link reads (amqp_framing.h's macros, which Swift does not import).
    private enum Method {
        static let deliver: amqp_method_number_t = 0x003C_003C
        static let returned: amqp_method_number_t = 0x003C_0032
        static let ack: amqp_method_number_t = 0x003C_0050
        static let nack: amqp_method_number_t = 0x003C_0078
        static let cancel: amqp_method_number_t = 0x003C_001E
        static let channelClose: amqp_method_number_t = 0x0014_0028
        static let connectionClose: amqp_method_number_t = 0x000A_0032
    }
}

/// Lends strings to rabbitmq-c as `amqp_bytes_t` for the length of one call: rabbitmq-c keeps the
/// pointer it is given, so a bridged temporary would dangle.
private func withBytes<R>(_ strings: String..., body: ([amqp_bytes_t]) throws -> R) rethrows -> R {
    let buffers = strings.map { string in
        let utf8 = Array(string.utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        buffer.copyBytes(from: utf8)
        return (buffer, utf8.count)
    }
    defer { for (buffer, _) in buffers { buffer.deallocate() } }
    return try body(buffers.map { amqp_bytes_t(len: $0.1, bytes: $0.0.baseAddress) })
}
