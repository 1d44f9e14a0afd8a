/// A volume with what its detailed view shows beside it, read by the store in one transaction so
/// that showing a volume (the call clients poll while a volume is made) costs one read.
package struct VolumeDetail: Sendable {
    package var volume: Volume
    /// Its type's name, nil when the type is no longer live.
    package var typeName: String?
    /// Its live attachments, newest first.
    package var attachments: [Attachment]

    package init(volume: Volume, typeName: String?, attachments: [Attachment]) {
        self.volume = volume
        self.typeName = typeName
        self.attachments = attachments
    }
}
