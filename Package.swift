// swift-tools-version:6.1
import PackageDescription

/// Every control-plane library target, for the executable and the tests that see them all.
let controlPlane: [Target.Dependency] = [
    "EmberModel", "EmberMetrics", "EmberPrometheus", "EmberStore", "EmberSQLStore", "EmberSQLite", "EmberPostgres", "EmberBus", "EmberAMQP",
    "EmberRPC", "EmberIdentity", "EmberScheduler", "EmberVolume",
    "EmberAPI",
]

/// Compiler settings that keep the control plane honest, as Hummingbird's are.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ember",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ember", targets: ["ember"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // Hummingbird's own header types; declared because Ember names header fields.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Child processes (tgtadm, tgtd) with argv arrays, never a shell.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        // Token encryption (AES-GCM) and password hashing (scrypt).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Policy files are YAML, as Cinder's are.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // `ember serve --config FILE`: flags in front of a YAML file.
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // Hummingbird's own channel types; declared because the guarded server names them.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // Distributed mode's shared database.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Metrics: the libraries record through swift-metrics; the executable renders them for Prometheus.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The dashboard's server-side templates (escaping every value by default).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // C only: thin wrappers for what Swift cannot reach (ioctl request macros, static inlines). No policy.
        // liburing, libaio and rabbitmq-c are linked from their static archives (Debian's -dev packages
        // ship them): every shared library a process loads costs its start, and a short `ember io wipe`
        // is mostly start (rabbitmq-c's shared library also loads OpenSSL, which Ember never uses).
        .target(name: "CShims", linkerSettings: [.unsafeFlags(["-Xlinker", "-l:liburing.a", "-Xlinker", "-l:libaio.a"])]),
        // OpenLDAP's libldap, for the identity service's LDAP backend: loaded with dlopen on first use.
        .target(name: "CLDAP"),
        // The data path: devices and the operations on them. Depends only on CShims.
        .target(name: "DataPath", dependencies: ["CShims"]),
        // The control plane, one target per layer; the arrows run one way (docs/ARCHITECTURE.md).
        // Entities, lifecycles, quota rules, the call context and the domain error. Foundation only.
        .target(name: "EmberModel", path: "Sources/ControlPlane/Model", swiftSettings: strict),
        // The metrics Ember records (names, labels, help), through swift-metrics; exported by the executable.
        .target(
            name: "EmberMetrics", dependencies: [.product(name: "Metrics", package: "swift-metrics")], path: "Sources/ControlPlane/Metrics",
            swiftSettings: strict),
        // Their export in Prometheus' text format (swift-prometheus), bootstrapped by the executable.
        .target(
            name: "EmberPrometheus",
            dependencies: [
                "EmberMetrics", .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Sources/ControlPlane/Prometheus", swiftSettings: strict),
        // The store's protocols: what the services ask of the shared database.
        .target(name: "EmberStore", dependencies: ["EmberModel"], path: "Sources/ControlPlane/Store", swiftSettings: strict),
        // The store's SQL, written once over an executor seam; its migrations, sealed secrets, private files.
        .target(
            name: "EmberSQLStore",
            dependencies: ["EmberStore", "EmberModel", "EmberMetrics", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/ControlPlane/SQLStore", swiftSettings: strict),
        // The embedded engine under it: SQLite through GRDB.
        .target(
            name: "EmberSQLite",
            dependencies: ["EmberSQLStore", "EmberStore", "EmberModel", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/ControlPlane/SQLite", swiftSettings: strict),
        // Distributed mode's engine under it: PostgreSQL through PostgresNIO.
        .target(
            name: "EmberPostgres",
            dependencies: [
                "EmberSQLStore", "EmberStore", "EmberMetrics",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Sources/ControlPlane/Postgres", swiftSettings: strict),
        // The message bus: its protocol, RPC envelopes, client and server, the in-process bus.
        .target(
            name: "EmberBus",
            dependencies: [
                "EmberModel", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/ControlPlane/Bus", swiftSettings: strict),
        // rabbitmq-c (Debian's librabbitmq-dev 0.11) and the one wrapper Swift needs: amqp_login is variadic.
        .target(name: "CRabbitMQ", linkerSettings: [.unsafeFlags(["-Xlinker", "-l:librabbitmq.a"])]),
        // Distributed mode's bus: RabbitMQ through rabbitmq-c, on a thread of its own.
        .target(
            name: "EmberAMQP",
            dependencies: ["EmberBus", "CRabbitMQ", "EmberMetrics", .product(name: "Logging", package: "swift-log")],
            path: "Sources/ControlPlane/AMQP", swiftSettings: strict),
        // The typed RPC APIs of the scheduler and the volume service, and what they exchange.
        .target(name: "EmberRPC", dependencies: ["EmberBus", "EmberModel"], path: "Sources/ControlPlane/RPC", swiftSettings: strict),
        // Users, projects, roles, tokens and policy, with database and LDAP backends.
        .target(
            name: "EmberIdentity",
            dependencies: [
                "EmberStore", "EmberModel", "EmberMetrics", "CLDAP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/ControlPlane/Identity", swiftSettings: strict),
        // Host states, filters, weighers and capacity claims.
        .target(
            name: "EmberScheduler",
            dependencies: [
                "EmberStore", "EmberRPC", "EmberBus", "EmberModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/ControlPlane/Scheduler", swiftSettings: strict),
        // The volume manager, its drivers (file, LVM) and targets (tgt), and recovery.
        .target(
            name: "EmberVolume",
            dependencies: [
                "EmberStore", "EmberRPC", "EmberBus", "EmberModel", "EmberMetrics", "DataPath",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Sources/ControlPlane/Volume", swiftSettings: strict),
        // The HTTP face: the service layer, Cinder v3 and identity routes, the guarded server.
        .target(
            name: "EmberAPI",
            dependencies: [
                "EmberStore", "EmberRPC", "EmberBus", "EmberIdentity", "EmberModel", "EmberMetrics",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/ControlPlane/API",
            // The contract, embedded at build time so the binary serves it wherever it is installed.
            resources: [
                .embedInCode("OpenAPI/cinder.yaml"), .embedInCode("OpenAPI/admin.yaml"), .embedInCode("OpenAPI/qos.yaml"),
                .embedInCode("OpenAPI/transfers.yaml"), .embedInCode("OpenAPI/messages.yaml"), .embedInCode("OpenAPI/groups.yaml"),
                .embedInCode("OpenAPI/identity.yaml"), .embedInCode("OpenAPI/operations.yaml"),
                // The dashboard's templates, script and style sheet, served from the binary.
                .embedInCode("Dashboard/Templates/layout.mustache"), .embedInCode("Dashboard/Templates/login.mustache"),
                .embedInCode("Dashboard/Templates/error.mustache"), .embedInCode("Dashboard/Templates/overview.mustache"),
                .embedInCode("Dashboard/Templates/volumes.mustache"), .embedInCode("Dashboard/Templates/volume.mustache"),
                .embedInCode("Dashboard/Templates/snapshots.mustache"), .embedInCode("Dashboard/Templates/types.mustache"),
                .embedInCode("Dashboard/Templates/services.mustache"), .embedInCode("Dashboard/Templates/messages.mustache"),
                .embedInCode("Dashboard/Static/dashboard.js"), .embedInCode("Dashboard/Static/dashboard.css"),
            ],
            swiftSettings: strict),
        // The executable: the CLI, its settings, and the only place concrete types are wired together.
        .executableTarget(
            name: "ember",
            dependencies: controlPlane + [
                "DataPath", "CShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // What the tests share: a whole control plane in the test process, a counting driver, scratch dirs.
        .target(
            name: "EmberTestSupport",
            dependencies: controlPlane + [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Support"),
        // libFuzzer over every request parser; scripts/fuzz.sh builds it with -sanitize=fuzzer,address.
        .executableTarget(
            name: "EmberFuzz", dependencies: controlPlane + [.product(name: "HummingbirdCore", package: "hummingbird")], path: "Fuzz/EmberFuzz"),
        // A task executor and a test trait for tests that block their thread.
        .target(
            name: "TestThreads", dependencies: [.product(name: "NIOPosix", package: "swift-nio")], path: "Tests/Threads",
            swiftSettings: strict),
        .testTarget(name: "DataPathTests", dependencies: ["DataPath", "TestThreads"]),
        .testTarget(
            name: "ControlPlaneTests",
            dependencies: controlPlane + [
                "EmberTestSupport", "DataPath", "TestThreads",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
