#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the state stores need, with `EINTR` retried and failures as ``StateError``.
///
/// Everything is synchronous and short: the stores are used by short-lived CLI processes, and the only
/// blocking wait is `flock` behind another process's append or compaction.
enum StateFileIO {
    /// The mode of every file the stores create: readable and writable by the owner only.
    static let fileMode: mode_t = 0o600

    /// Opens (creating when `flags` has `O_CREAT`) a file inside the state directory.
    ///
    /// The mode is set with `fchmod` after opening, so the result is 0600 whatever the umask, and an existing
    /// file with looser permissions is tightened. Symbolic links are not followed, and a file owned by another
    /// user is refused.
    static func open(_ path: String, _ flags: Int32) throws(StateError) -> Int32 {
        var fd: Int32
        repeat {
            fd = posixOpen(path, flags | O_CLOEXEC | O_NOFOLLOW, fileMode)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .io(operation: "open", path: path, code: errno) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let code = errno
            close(fd)
            throw .io(operation: "stat", path: path, code: code)
        }
        guard st.st_uid == geteuid() else {
            close(fd)
            throw .insecure(path: path, reason: "the file belongs to user \(st.st_uid), not to you")
        }
        if st.st_mode & 0o7777 != fileMode, fchmod(fd, fileMode) != 0 {
            let code = errno
            close(fd)
            throw .io(operation: "chmod", path: path, code: code)
        }
        return fd
    }

    /// Opens a file that may not exist; nil when it does not.
    static func openIfExists(_ path: String, _ flags: Int32) throws(StateError) -> Int32? {
        do {
            return try open(path, flags)
        } catch .io(_, _, let code) where code == ENOENT {
            return nil
        }
    }

    /// The size of an open file.
    static func size(_ fd: Int32, path: String) throws(StateError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(operation: "stat", path: path, code: errno) }
        return Int(st.st_size)
    }

    /// Reads `count` bytes at `offset` (fewer at the end of the file).
    static func read(_ fd: Int32, at offset: Int, count: Int, path: String) throws(StateError) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + filled, count - filled, off_t(offset + filled))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, code: errno)
            }
            if n == 0 { break }
            filled += n
        }
        buffer.removeSubrange(filled...)
        return buffer
    }

    /// Reads a whole file from the start.
    static func readAll(_ fd: Int32, path: String) throws(StateError) -> [UInt8] {
        // The size is a hint: a file that grew since fstat is read to its current end.
        var bytes = try read(fd, at: 0, count: try size(fd, path: path), path: path)
        while true {
            let more = try read(fd, at: bytes.count, count: 64 << 10, path: path)
            if more.isEmpty { return bytes }
            bytes += more
        }
    }

    /// Writes all of `bytes`. On an `O_APPEND` descriptor a single `write(2)` normally takes everything; the
    /// loop only matters for the rare short write, and the caller holds the exclusive lock either way.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StateError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fd, base + written, bytes.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: path, code: errno)
            }
            written += n
        }
    }

    /// Flushes a file's data and metadata to stable storage.
    static func sync(_ fd: Int32, path: String) throws(StateError) {
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: path, code: errno) }
    }

    /// Makes a completed `rename` in `directory` durable.
    static func syncDirectory(_ directory: String) throws(StateError) {
        let fd = posixOpen(directory, O_RDONLY | O_CLOEXEC | O_DIRECTORY, 0)
        guard fd >= 0 else { throw .io(operation: "open", path: directory, code: errno) }
        defer { close(fd) }
        // Some file systems refuse fsync on a directory; the rename itself is still atomic there.
        if fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            throw .io(operation: "fsync", path: directory, code: errno)
        }
    }

    /// Replaces `path` atomically with `bytes`: write a temporary file beside it, fsync, rename, fsync the
    /// directory. A crash at any point leaves either the old file or the new one, never a mix; a leftover
    /// temporary file is truncated and reused by the next replacement (the caller holds the exclusive lock).
    static func replace(_ path: String, with bytes: [UInt8], directory: String) throws(StateError) {
        let temporary = path + ".tmp"
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try writeAll(fd, bytes, path: temporary)
            try sync(fd, path: temporary)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename", path: temporary, code: errno) }
        try syncDirectory(directory)
    }

    /// Runs `body` holding `flock` on the lock file at `path` (created 0600 if missing).
    ///
    /// The lock lives on its own file, never on a data file: compaction renames a new file over the data, and a
    /// lock on the replaced inode would protect nothing. Each call opens its own file description, so two
    /// threads of one process exclude each other exactly like two processes do (flock locks belong to the open
    /// file description). Closing the descriptor releases the lock, also when the process dies.
    static func withLock<T>(_ path: String, exclusive: Bool, _ body: () throws(StateError) -> T) throws(StateError) -> T {
        let fd = try open(path, O_RDWR | O_CREAT)
        defer { close(fd) }
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            guard errno == EINTR else { throw .io(operation: "lock", path: path, code: errno) }
        }
        return try body()
    }
}

/// `open(2)` under a name that does not clash with the static `open` above.
@inline(__always)
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Darwin)
    return Darwin.open(path, flags, mode)
    #elseif canImport(Musl)
    return Musl.open(path, flags, mode)
    #else
    return Glibc.open(path, flags, mode)
    #endif
}
