// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ember",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ember", targets: ["ember"]),
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
    ],
    targets: [
        // C only: thin wrappers for what Swift cannot reach (ioctl request macros, static inlines). No policy.
        .target(name: "CShims", linkerSettings: [.linkedLibrary("uring"), .linkedLibrary("aio")]),
        // OpenLDAP's libldap, for the identity service's LDAP backend. No code: a module map.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP", providers: [.apt(["libldap-dev"])]),
        // The data path: devices and the operations on them. Depends only on CShims.
        .target(name: "DataPath", dependencies: ["CShims"]),
        // The services: model, store, bus, scheduler, volume service, HTTP API.
        .target(
            name: "ControlPlane",
            dependencies: [
                "DataPath", "CLDAP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "ember",
            dependencies: [
                "ControlPlane",
                "DataPath",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // libFuzzer over every request parser; scripts/fuzz.sh builds it with -sanitize=fuzzer,address.
        .executableTarget(
            name: "EmberFuzz", dependencies: ["ControlPlane", .product(name: "HummingbirdCore", package: "hummingbird")], path: "Fuzz/EmberFuzz"),
        .testTarget(name: "DataPathTests", dependencies: ["DataPath"]),
        .testTarget(
            name: "ControlPlaneTests",
            dependencies: [
                "ControlPlane", "DataPath",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
