#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// A fresh private directory under /tmp (short paths: a Unix socket path holds at most ~107 bytes), removed with
/// everything in it by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/ws-unix-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TemporaryDirectoryError(code: errno)
        }
        path = String(cString: made)
    }

    /// `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Removes the directory's entries (one level: the tests make no subdirectories but the one checked) and it.
    func remove() {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let full = file(name)
                if unlink(full) != 0 { _ = rmdir(full) }
            }
            closedir(directory)
        }
        _ = rmdir(path)
    }
}

struct TemporaryDirectoryError: Error {
    let code: Int32
}

/// The type and permission bits of the file at `path` (not following links), nil when there is none.
func fileMode(_ path: String) -> mode_t? {
    var status = stat()
    return lstat(path, &status) == 0 ? status.st_mode : nil
}

/// Whether something (anything) exists at `path`.
func fileExists(_ path: String) -> Bool { fileMode(path) != nil }
