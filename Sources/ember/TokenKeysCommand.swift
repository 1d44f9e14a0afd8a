import ArgumentParser
import EmberIdentity

/// `ember token-keys`: the keys tokens are sealed with, in DATA_DIR/token-keys. A running server picks
/// up changes by itself.
struct TokenKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-keys", abstract: "List, rotate and retire the keys tokens are sealed with.",
        subcommands: [List.self, Rotate.self, Retire.self])

    struct Options: ParsableArguments {
        @Option(help: "Directory holding token-keys/.")
        var dataDir = "./ember-data"

        func ring() throws -> TokenKeyRing { try TokenKeyRing(directory: dataDir + "/token-keys") }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the key numbers, oldest first; the last one is the primary.")
        @OptionGroup var options: Options

        func run() throws {
            for id in try options.ring().keyIDs() { print(id) }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new primary key; retire the oldest beyond --max-active (their tokens stop working).")
        @OptionGroup var options: Options
        @Option(help: "How many keys stay: the new primary and the newest older ones.")
        var maxActive = 3

        func validate() throws {
            guard maxActive >= 1 else { throw ValidationError("--max-active must be at least 1") }
        }

        func run() throws {
            print("primary key: \(try options.ring().rotate(maxActive: maxActive))")
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the oldest keys until --keep remain.")
        @OptionGroup var options: Options
        @Option(help: "How many of the newest keys stay (at least 1).")
        var keep = 1

        func validate() throws {
            guard keep >= 1 else { throw ValidationError("--keep must be at least 1") }
        }

        func run() throws {
            let ring = try options.ring()
            try ring.retire(keeping: keep)
            print("keys: \(try ring.keyIDs().map(String.init).joined(separator: " "))")
        }
    }
}
