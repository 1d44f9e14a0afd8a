import GRDB

/// The versioned schema. A migration, once released, is never edited: add a new one.
enum Migrations {
    static let defaultVolumeTypeID = "7d4c2a4e-0b1f-4d55-9c3e-2f6a7f8e0001"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-services-volumes-types") { db in
            try db.execute(sql: """
                CREATE TABLE services (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    host TEXT NOT NULL,
                    binary TEXT NOT NULL,
                    availability_zone TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    heartbeat_at DATETIME,
                    created_at DATETIME NOT NULL,
                    UNIQUE (host, binary)
                );
                CREATE TABLE volume_types (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    description TEXT,
                    is_public INTEGER NOT NULL DEFAULT 1,
                    extra_specs TEXT NOT NULL DEFAULT '{}',
                    created_at DATETIME NOT NULL
                );
                CREATE TABLE volumes (
                    id TEXT PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    name TEXT,
                    description TEXT,
                    size INTEGER NOT NULL CHECK (size > 0),
                    status TEXT NOT NULL,
                    availability_zone TEXT NOT NULL,
                    volume_type_id TEXT NOT NULL REFERENCES volume_types(id),
                    host TEXT,
                    bootable INTEGER NOT NULL DEFAULT 0,
                    multiattach INTEGER NOT NULL DEFAULT 0,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    created_at REAL NOT NULL,
                    updated_at REAL,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    deleted_at REAL
                );
                CREATE INDEX volumes_project ON volumes (project_id, deleted);
                CREATE INDEX volumes_host ON volumes (host, deleted);
                """)
            try db.execute(
                sql: "INSERT INTO volume_types (id, name, description, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                arguments: [defaultVolumeTypeID, VolumeType.defaultName, "Default Volume Type"])
        }
        return migrator
    }
}
