using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// Issue 12 (session 50): a SQLite VFS over e_sqlite3's default ("unix") that gathers a transaction's write-ahead-log
/// writes (SQLite writes each frame as two <c>pwrite</c>s, its 24-byte header and its 4 KB page: ~32 a chat turn) into one
/// buffer and writes it with one <c>pwrite</c>. Setting <c>Database:Sqlite:GatherWalWrites</c> (registered once, for
/// the whole process, before the first connection opens).
/// <para>
/// Why it is safe: SQLite never lets another connection (of this process or another) read a frame before the writer
/// publishes it in the wal-index header, which it does with <c>xShmBarrier</c> on the database file between the
/// header's two copies; a rollback or an error ends with shm lock changes. So the buffered bytes reach the file:
/// when the commit frame's page is written (a failure is that write's error, so SQLite rolls the commit back) and
/// before any <c>xShmBarrier</c>, <c>xShmLock</c>, <c>xShmMap</c>, <c>xShmUnmap</c>, <c>xLock</c>, <c>xUnlock</c>,
/// <c>xWrite</c>, <c>xSync</c>, <c>xTruncate</c> and <c>xFileControl</c> on any database file, and before any call but a
/// contiguous or in-place write on any log file (its own handle's reads, size, sync, truncate, close and every other
/// handle's reads: the checkpointer's, another connection's). Pending bytes are flushed process-wide (a list of every log
/// handle holding some, under one lock), never per handle, so no rule depends on which handle SQLite calls. A write
/// inside the buffer's range overwrites it in place (SQLite rewrites a frame of a page written earlier in the same
/// transaction), a write right after it appends, any other write flushes first. A crash before a flush is a crash
/// before the commit's publication: the frames never reached the file and the header never named them, as when SQLite
/// stops between its own two writes of a frame (with <c>synchronous=NORMAL</c> no commit is synced anyway).
/// </para>
/// Only log files (opened with <c>SQLITE_OPEN_WAL</c>) buffer; main database files are wrapped for the flush points;
/// every other file (temporary, journals) is the default VFS's own, untouched.
/// </summary>
internal static unsafe class SqliteWalGathering
{
    private const int SqliteOk = 0;
    private const int SqliteIoErr = 10;
    private const int SqliteIoErrWrite = SqliteIoErr | (3 << 8);
    private const int OpenMainDb = 0x00000100;
    private const int OpenWal = 0x00080000;
    // Below 128 KiB: the unix VFS writes at most 0x1ffff bytes a pwrite (seekAndWriteFd masks the length with it), and
    // a longer write whose length is a multiple of 128 KiB after its first part gets "0 bytes written" and SQLITE_FULL
    // back. The prototype of session 49 (tests/walbuf/walbuf.c, 512 KiB, the error at xShmBarrier ignored) lost the tail
    // of every transaction over 128 KiB that way and published it: "database disk image is malformed".
    private const int Capacity = 0x1f000;
    private const int FrameHeaderSize = 24;
    private const int VfsSize = 168;
    private const int VfsSzOsFile = 4;
    private const int VfsPNext = 16;
    private const int VfsZName = 24;
    private const int VfsXOpen = 40;

    private static readonly Lock Gate = new();
    private static readonly object Registration = new();
    private static bool s_registered;
    private static byte* s_real;
    private static byte* s_vfs;
    private static IoMethods* s_walMethods;
    private static IoMethods* s_mainMethods;
    // The log handles holding bytes not yet written, linked through their Next (under Gate); their count read without it.
    private static GatherFile* s_pending;
    private static int s_pendingCount;
    private static long s_writes, s_flushes;
    private static int s_lastError;

    /// <summary>The last error a gathered write of the log met (SQLite's code; 0: none).</summary>
    public static int LastError => Volatile.Read(ref s_lastError);

    /// <summary>Log writes asked of this VFS and the writes it made of them (for tests and measurement).</summary>
    public static (long Writes, long Flushes) Counts { get { lock (Gate) { return (s_writes, s_flushes); } } }

    public static bool IsRegistered => Volatile.Read(ref s_registered);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoMethods
    {
        public int Version;
        public IntPtr Close, Read, Write, Truncate, Sync, FileSize, Lock, Unlock, CheckReservedLock, FileControl,
            SectorSize, DeviceCharacteristics, ShmMap, ShmLock, ShmBarrier, ShmUnmap, Fetch, Unfetch;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct GatherFile
    {
        public IoMethods* Methods;   // sqlite3_file's only field: this VFS's methods
        public IoMethods* RealMethods;
        public byte* Buffer;
        public long Start;
        public int Length;
        public int IsWal;
        public GatherFile* Next;
        public int Queued;
        // 1 after a commit frame's 24-byte header was buffered: the frame's page, written next, completes the commit.
        public int CommitFrame;
        // the default VFS's own sqlite3_file follows (Real)
    }

    private static byte* Real(GatherFile* file) => (byte*)file + sizeof(GatherFile);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern byte* sqlite3_vfs_find(byte* name);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_vfs_register(byte* vfs, int makeDefault);

    /// <summary>The VFS's name (a connection may name it: <c>file:path?vfs=regin-walgather</c>).</summary>
    public const string VfsName = "regin-walgather";

    /// <summary>
    /// Registers the VFS, once, as the process's default unless <paramref name="asDefault"/> is false (then only the
    /// connections that name it use it); connections opened before keep the VFS they had.
    /// </summary>
    public static void Register(bool asDefault = true)
    {
        lock (Registration)
        {
            if (s_registered)
            {
                if (asDefault)
                {
                    _ = sqlite3_vfs_register(s_vfs, 1);
                }
                return;
            }
            SQLitePCL.Batteries_V2.Init();
            var real = sqlite3_vfs_find(null);
            if (real == null)
            {
                throw new InvalidOperationException("SQLite has no default VFS to gather the log's writes over.");
            }
            s_real = real;
            var vfs = (byte*)NativeMemory.AllocZeroed(VfsSize);
            // The real VFS's fields and functions (path names, access, randomness, time) as they are; ours: the name,
            // the size of a file (ours ahead of the real one's) and xOpen.
            var version = *(int*)real;
            Buffer.MemoryCopy(real, vfs, VfsSize, version >= 3 ? VfsSize : version == 2 ? VfsSize - 24 : VfsSize - 32);
            *(int*)(vfs + VfsSzOsFile) = sizeof(GatherFile) + *(int*)(real + VfsSzOsFile);
            *(IntPtr*)(vfs + VfsPNext) = IntPtr.Zero;
            *(IntPtr*)(vfs + VfsZName) = Marshal.StringToCoTaskMemUTF8(VfsName);
            *(IntPtr*)(vfs + VfsXOpen) = (IntPtr)(delegate* unmanaged[Cdecl]<byte*, byte*, GatherFile*, int, int*, int>)&Open;
            s_walMethods = NewMethods(wal: true);
            s_mainMethods = NewMethods(wal: false);
            s_vfs = vfs;
            var rc = sqlite3_vfs_register(vfs, asDefault ? 1 : 0);
            if (rc != SqliteOk)
            {
                throw new InvalidOperationException($"sqlite3_vfs_register failed ({rc}).");
            }
            Volatile.Write(ref s_registered, true);
        }
    }

    private static IoMethods* NewMethods(bool wal)
    {
        var methods = (IoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(IoMethods));
        methods->Version = 3;
        methods->Close = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int>)&Close;
        methods->Read = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, byte*, int, long, int>)&Read;
        methods->Write = wal ? (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, byte*, int, long, int>)&WalWrite
            : (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, byte*, int, long, int>)&Write;
        methods->Truncate = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, long, int>)&Truncate;
        methods->Sync = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int, int>)&Sync;
        methods->FileSize = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, long*, int>)&FileSize;
        methods->Lock = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int, int>)&LockFile;
        methods->Unlock = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int, int>)&Unlock;
        methods->CheckReservedLock = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int*, int>)&CheckReservedLock;
        methods->FileControl = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int, void*, int>)&FileControl;
        methods->SectorSize = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int>)&SectorSize;
        methods->DeviceCharacteristics = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int>)&DeviceCharacteristics;
        methods->ShmMap = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int, int, int, void**, int>)&ShmMap;
        methods->ShmLock = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int, int, int, int>)&ShmLock;
        methods->ShmBarrier = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, void>)&ShmBarrier;
        methods->ShmUnmap = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, int, int>)&ShmUnmap;
        methods->Fetch = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, long, int, void**, int>)&Fetch;
        methods->Unfetch = (IntPtr)(delegate* unmanaged[Cdecl]<GatherFile*, long, void*, int>)&Unfetch;
        return methods;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Open(byte* vfs, byte* name, GatherFile* file, int flags, int* outFlags)
    {
        var realOpen = (delegate* unmanaged[Cdecl]<byte*, byte*, byte*, int, int*, int>)*(IntPtr*)(s_real + VfsXOpen);
        if ((flags & (OpenWal | OpenMainDb)) == 0)
        {
            // Not a log nor a database: the default VFS's file in our place, its methods its own.
            return realOpen(s_real, name, (byte*)file, flags, outFlags);
        }
        *file = default;
        var rc = realOpen(s_real, name, Real(file), flags, outFlags);
        var realMethods = *(IoMethods**)Real(file);
        file->RealMethods = realMethods;
        file->IsWal = (flags & OpenWal) != 0 ? 1 : 0;
        // A file the default VFS did not open has no methods: SQLite then calls none (not even xClose).
        file->Methods = realMethods == null ? null : file->IsWal != 0 ? s_walMethods : s_mainMethods;
        return rc;
    }

    /// <summary>Writes every log handle's pending bytes (each with one write), in the order they were buffered.</summary>
    private static int FlushAll()
    {
        if (Volatile.Read(ref s_pendingCount) == 0)
        {
            return SqliteOk;
        }
        lock (Gate)
        {
            return FlushLocked();
        }
    }

    // Under Gate.
    private static int WriteOut(GatherFile* file)
    {
        if (file->Length == 0)
        {
            return SqliteOk;
        }
        var write = (delegate* unmanaged[Cdecl]<byte*, byte*, int, long, int>)file->RealMethods->Write;
        var rc = write(Real(file), file->Buffer, file->Length, file->Start);
        s_flushes++;
        if (rc == SqliteOk)
        {
            file->Length = 0;
        }
        else
        {
            s_lastError = rc;
        }
        return rc;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int WalWrite(GatherFile* file, byte* data, int amount, long offset)
    {
        lock (Gate)
        {
            s_writes++;
            var end = file->Start + file->Length;
            if (file->Length > 0 && offset >= file->Start && offset + amount <= end)
            {
                // A frame written again in the same transaction: its bytes in the buffer are replaced.
                Buffer.MemoryCopy(data, file->Buffer + (offset - file->Start), amount, amount);
                return SqliteOk;
            }
            var rc = SqliteOk;
            if (file->Length > 0 && (offset != end || file->Length + amount > Capacity))
            {
                rc = FlushLocked();
                if (rc != SqliteOk)
                {
                    return rc;
                }
            }
            if (amount > Capacity)
            {
                var write = (delegate* unmanaged[Cdecl]<byte*, byte*, int, long, int>)file->RealMethods->Write;
                s_flushes++;
                return write(Real(file), data, amount, offset);
            }
            if (file->Buffer == null)
            {
                file->Buffer = (byte*)NativeMemory.Alloc(Capacity);
            }
            if (file->Length == 0)
            {
                file->Start = offset;
            }
            Buffer.MemoryCopy(data, file->Buffer + file->Length, Capacity - file->Length, amount);
            file->Length += amount;
            if (file->CommitFrame != 0 && amount != FrameHeaderSize)
            {
                // The commit frame's page: the transaction's frames are all here, so they are written now, where a failure
                // (a full disk) is this write's error and SQLite rolls the commit back before publishing it (at the
                // barrier it could only end the process).
                file->CommitFrame = 0;
                QueueLocked(file);
                return FlushLocked() == SqliteOk ? SqliteOk : SqliteIoErrWrite;
            }
            // A frame header (24 bytes) whose second word, the database's size after the commit, is not zero: a commit frame.
            file->CommitFrame = amount == FrameHeaderSize && (data[4] | data[5] | data[6] | data[7]) != 0 ? 1 : 0;
            QueueLocked(file);
            return SqliteOk;
        }
    }

    // Under Gate: the handle joins the pending list once, at its end (flushed in the order the handles began buffering).
    private static void QueueLocked(GatherFile* file)
    {
        if (file->Queued == 0)
        {
            file->Queued = 1;
            // Appended at the end: flushed in the order the handles began buffering.
            file->Next = null;
            if (s_pending == null)
            {
                s_pending = file;
            }
            else
            {
                var last = s_pending;
                while (last->Next != null)
                {
                    last = last->Next;
                }
                last->Next = file;
            }
            Volatile.Write(ref s_pendingCount, s_pendingCount + 1);
        }
    }

    // Under Gate: every handle's pending bytes (a write out of order flushes all, not only its own handle's). A failed
    // write stays queued with its bytes (tried again by the next flush) and is reported.
    private static int FlushLocked()
    {
        while (s_pending != null)
        {
            var pending = s_pending;
            var rc = WriteOut(pending);
            if (rc != SqliteOk)
            {
                return rc;
            }
            s_pending = pending->Next;
            pending->Next = null;
            pending->Queued = 0;
        }
        Volatile.Write(ref s_pendingCount, 0);
        return SqliteOk;
    }

    private static int Flushed(int rc, int next) => rc != SqliteOk ? SqliteIoErrWrite : next;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Close(GatherFile* file)
    {
        int flushed;
        lock (Gate)
        {
            flushed = FlushLocked();
            // A handle whose bytes could not be written leaves the queue with them (its buffer is freed below).
            if (file->Queued != 0)
            {
                if (s_pending == file)
                {
                    s_pending = file->Next;
                }
                else
                {
                    var before = s_pending;
                    while (before->Next != file)
                    {
                        before = before->Next;
                    }
                    before->Next = file->Next;
                }
                file->Next = null;
                file->Queued = 0;
                Volatile.Write(ref s_pendingCount, s_pendingCount - 1);
            }
        }
        var rc = ((delegate* unmanaged[Cdecl]<byte*, int>)file->RealMethods->Close)(Real(file));
        if (file->Buffer != null)
        {
            NativeMemory.Free(file->Buffer);
            file->Buffer = null;
        }
        return Flushed(flushed, rc);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Read(GatherFile* file, byte* data, int amount, long offset)
    {
        var flushed = FlushAll();
        return flushed != SqliteOk ? SqliteIoErrWrite
            : ((delegate* unmanaged[Cdecl]<byte*, byte*, int, long, int>)file->RealMethods->Read)(Real(file), data, amount, offset);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(GatherFile* file, byte* data, int amount, long offset)
    {
        var flushed = FlushAll();
        return flushed != SqliteOk ? SqliteIoErrWrite
            : ((delegate* unmanaged[Cdecl]<byte*, byte*, int, long, int>)file->RealMethods->Write)(Real(file), data, amount, offset);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Truncate(GatherFile* file, long size)
    {
        var flushed = FlushAll();
        return flushed != SqliteOk ? SqliteIoErrWrite : ((delegate* unmanaged[Cdecl]<byte*, long, int>)file->RealMethods->Truncate)(Real(file), size);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Sync(GatherFile* file, int flags)
    {
        var flushed = FlushAll();
        return flushed != SqliteOk ? SqliteIoErrWrite : ((delegate* unmanaged[Cdecl]<byte*, int, int>)file->RealMethods->Sync)(Real(file), flags);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int FileSize(GatherFile* file, long* size)
    {
        var flushed = FlushAll();
        return flushed != SqliteOk ? SqliteIoErrWrite : ((delegate* unmanaged[Cdecl]<byte*, long*, int>)file->RealMethods->FileSize)(Real(file), size);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LockFile(GatherFile* file, int level)
    {
        var flushed = FlushAll();
        return flushed != SqliteOk ? SqliteIoErrWrite : ((delegate* unmanaged[Cdecl]<byte*, int, int>)file->RealMethods->Lock)(Real(file), level);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unlock(GatherFile* file, int level)
    {
        var flushed = FlushAll();
        var rc = ((delegate* unmanaged[Cdecl]<byte*, int, int>)file->RealMethods->Unlock)(Real(file), level);
        return Flushed(flushed, rc);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CheckReservedLock(GatherFile* file, int* result) =>
        ((delegate* unmanaged[Cdecl]<byte*, int*, int>)file->RealMethods->CheckReservedLock)(Real(file), result);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int FileControl(GatherFile* file, int op, void* argument)
    {
        var flushed = FlushAll();
        var rc = ((delegate* unmanaged[Cdecl]<byte*, int, void*, int>)file->RealMethods->FileControl)(Real(file), op, argument);
        return Flushed(flushed, rc);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int SectorSize(GatherFile* file) => ((delegate* unmanaged[Cdecl]<byte*, int>)file->RealMethods->SectorSize)(Real(file));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int DeviceCharacteristics(GatherFile* file) =>
        ((delegate* unmanaged[Cdecl]<byte*, int>)file->RealMethods->DeviceCharacteristics)(Real(file));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShmMap(GatherFile* file, int region, int size, int extend, void** pointer)
    {
        var flushed = FlushAll();
        if (file->RealMethods->Version < 2 || file->RealMethods->ShmMap == IntPtr.Zero)
        {
            return SqliteIoErr;
        }
        var rc = ((delegate* unmanaged[Cdecl]<byte*, int, int, int, void**, int>)file->RealMethods->ShmMap)(Real(file), region, size, extend, pointer);
        return Flushed(flushed, rc);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShmLock(GatherFile* file, int offset, int count, int flags)
    {
        var flushed = FlushAll();
        if (flushed != SqliteOk)
        {
            // Publishing nothing the log does not hold: a lock is not taken, an unlock still is (it must never fail).
            if ((flags & 1) == 0)
            {
                return SqliteIoErrWrite;
            }
        }
        return ((delegate* unmanaged[Cdecl]<byte*, int, int, int, int>)file->RealMethods->ShmLock)(Real(file), offset, count, flags);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ShmBarrier(GatherFile* file)
    {
        // The commit's publication (walIndexWriteHdr calls it between the header's two copies). It cannot fail (void), so
        // a write that fails twice (a full disk) ends the process here: the header's second copy is not written, so
        // every reader finds the two copies different and SQLite recovers the log from the file, whose checksums end at
        // the last whole frame (the commit is lost, as a crash before it; nothing unwritten is ever read).
        if (FlushAll() != SqliteOk && FlushAll() != SqliteOk)
        {
            Environment.FailFast($"SQLite's write-ahead log could not be written before a commit's publication (error {LastError}; Database:Sqlite:GatherWalWrites).");
        }
        ((delegate* unmanaged[Cdecl]<byte*, void>)file->RealMethods->ShmBarrier)(Real(file));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int ShmUnmap(GatherFile* file, int delete)
    {
        var flushed = FlushAll();
        var rc = ((delegate* unmanaged[Cdecl]<byte*, int, int>)file->RealMethods->ShmUnmap)(Real(file), delete);
        return Flushed(flushed, rc);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Fetch(GatherFile* file, long offset, int amount, void** pointer)
    {
        var flushed = FlushAll();
        if (file->RealMethods->Version < 3)
        {
            *pointer = null;
            return SqliteOk;
        }
        return flushed != SqliteOk ? SqliteIoErrWrite
            : ((delegate* unmanaged[Cdecl]<byte*, long, int, void**, int>)file->RealMethods->Fetch)(Real(file), offset, amount, pointer);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unfetch(GatherFile* file, long offset, void* pointer) => file->RealMethods->Version < 3 ? SqliteOk
        : ((delegate* unmanaged[Cdecl]<byte*, long, void*, int>)file->RealMethods->Unfetch)(Real(file), offset, pointer);
}
