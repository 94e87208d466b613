/* Measurement prototype (session 49, issue 12): a SQLite VFS shim over the default "unix" VFS that gathers a
 * transaction's write-ahead-log writes (each frame is two pwrites, its 24-byte header and its page) into one buffer and
 * writes it with one pwrite before SQLite publishes the commit (xShmBarrier, which walIndexWriteHdr calls between the
 * two copies of the wal-index header), before any shm lock change, and before any other call on the WAL file (read,
 * sync, size, truncate, close). Only the holder of the WAL write lock writes frames, so at most one WAL file in the
 * process has pending bytes (g_pending). Loaded with LD_PRELOAD, WALBUF_SQLITE=path of libe_sqlite3.so. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

typedef struct ShimFile {
  sqlite3_file base;
  sqlite3_file *real;
  int isWal;
  unsigned char *buf;
  int len;
  sqlite3_int64 start;
} ShimFile;

/* Session 50: was 512 KiB, which corrupted databases: the unix VFS writes at most 0x1ffff bytes a pwrite (seekAndWriteFd
 * masks the length), so a flush of more than 128 KiB wrote its first (length mod 128 KiB) bytes and returned SQLITE_FULL,
 * which xShmBarrier ignored: the commit was published without its frames ("database disk image is malformed";
 * SqliteWalGatheringTests reproduces it with this shim preloaded). Below 128 KiB a flush is one whole pwrite. */
#define CAP 0x1f000
static sqlite3_vfs *g_real;
static sqlite3_vfs g_vfs;
static sqlite3_io_methods g_methods;
static pthread_mutex_t g_mutex = PTHREAD_MUTEX_INITIALIZER;
static ShimFile *g_pending;
static long g_flushes, g_writes;

static int flush_locked(void) {
  ShimFile *p = g_pending;
  int rc = SQLITE_OK;
  if (p && p->len > 0) {
    rc = p->real->pMethods->xWrite(p->real, p->buf, p->len, p->start);
    g_flushes++;
    p->len = 0;
  }
  g_pending = NULL;
  return rc;
}
static int flush_all(void) {
  if (!__atomic_load_n(&g_pending, __ATOMIC_ACQUIRE)) return SQLITE_OK;
  pthread_mutex_lock(&g_mutex);
  int rc = flush_locked();
  pthread_mutex_unlock(&g_mutex);
  return rc;
}
static int flush_file(ShimFile *p) {
  if (!p->isWal) return SQLITE_OK;
  pthread_mutex_lock(&g_mutex);
  int rc = SQLITE_OK;
  if (g_pending == p) rc = flush_locked();
  pthread_mutex_unlock(&g_mutex);
  return rc;
}

#define R(p) (((ShimFile *)(p))->real)
static int xClose(sqlite3_file *f) { ShimFile *p = (ShimFile *)f; int rc = flush_file(p); int rc2 = p->real->pMethods->xClose(p->real); free(p->buf); p->buf = NULL; return rc ? rc : rc2; }
static int xRead(sqlite3_file *f, void *b, int n, sqlite3_int64 o) { flush_file((ShimFile *)f); return R(f)->pMethods->xRead(R(f), b, n, o); }
static int xWrite(sqlite3_file *f, const void *b, int n, sqlite3_int64 o) {
  ShimFile *p = (ShimFile *)f;
  if (!p->isWal) { flush_all(); return p->real->pMethods->xWrite(p->real, b, n, o); }
  pthread_mutex_lock(&g_mutex);
  int rc = SQLITE_OK;
  g_writes++;
  if (g_pending && (g_pending != p || p->start + p->len != o || p->len + n > CAP)) rc = flush_locked();
  if (rc == SQLITE_OK) {
    if (n > CAP) {
      rc = p->real->pMethods->xWrite(p->real, b, n, o);
    } else {
      if (!p->buf) p->buf = malloc(CAP);
      if (p->len == 0) p->start = o;
      memcpy(p->buf + p->len, b, n);
      p->len += n;
      g_pending = p;
    }
  }
  pthread_mutex_unlock(&g_mutex);
  return rc;
}
static int xTruncate(sqlite3_file *f, sqlite3_int64 s) { flush_file((ShimFile *)f); return R(f)->pMethods->xTruncate(R(f), s); }
static int xSync(sqlite3_file *f, int fl) { flush_file((ShimFile *)f); return R(f)->pMethods->xSync(R(f), fl); }
static int xFileSize(sqlite3_file *f, sqlite3_int64 *s) { flush_file((ShimFile *)f); return R(f)->pMethods->xFileSize(R(f), s); }
static int xLock(sqlite3_file *f, int l) { return R(f)->pMethods->xLock(R(f), l); }
static int xUnlock(sqlite3_file *f, int l) { flush_all(); return R(f)->pMethods->xUnlock(R(f), l); }
static int xCheckReservedLock(sqlite3_file *f, int *o) { return R(f)->pMethods->xCheckReservedLock(R(f), o); }
static int xFileControl(sqlite3_file *f, int op, void *a) { flush_file((ShimFile *)f); return R(f)->pMethods->xFileControl(R(f), op, a); }
static int xSectorSize(sqlite3_file *f) { return R(f)->pMethods->xSectorSize(R(f)); }
static int xDeviceCharacteristics(sqlite3_file *f) { return R(f)->pMethods->xDeviceCharacteristics(R(f)); }
static int xShmMap(sqlite3_file *f, int i, int sz, int ext, void volatile **pp) { flush_all(); return R(f)->pMethods->xShmMap(R(f), i, sz, ext, pp); }
static int xShmLock(sqlite3_file *f, int off, int n, int fl) { flush_all(); return R(f)->pMethods->xShmLock(R(f), off, n, fl); }
static void xShmBarrier(sqlite3_file *f) { flush_all(); R(f)->pMethods->xShmBarrier(R(f)); }
static int xShmUnmap(sqlite3_file *f, int d) { flush_all(); return R(f)->pMethods->xShmUnmap(R(f), d); }
static int xFetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp) { flush_file((ShimFile *)f); return R(f)->pMethods->xFetch(R(f), o, n, pp); }
static int xUnfetch(sqlite3_file *f, sqlite3_int64 o, void *p) { return R(f)->pMethods->xUnfetch(R(f), o, p); }

static int vOpen(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *out) {
  ShimFile *p = (ShimFile *)f;
  memset(p, 0, sizeof *p);
  p->real = (sqlite3_file *)(p + 1);
  p->isWal = (flags & SQLITE_OPEN_WAL) != 0;
  int rc = g_real->xOpen(g_real, name, p->real, flags, out);
  p->base.pMethods = p->real->pMethods ? &g_methods : NULL;
  return rc;
}

static void register_shim(void *lib) {
  sqlite3_vfs *(*find)(const char *) = dlsym(lib, "sqlite3_vfs_find");
  int (*reg)(sqlite3_vfs *, int) = dlsym(lib, "sqlite3_vfs_register");
  if (!find || !reg) { fprintf(stderr, "walbuf: no sqlite3_vfs_find/register\n"); return; }
  g_real = find(NULL);
  if (!g_real) { fprintf(stderr, "walbuf: no default vfs\n"); return; }
  g_vfs = *g_real;
  g_vfs.szOsFile = (int)sizeof(ShimFile) + g_real->szOsFile;
  g_vfs.zName = "walbuf";
  g_vfs.pNext = NULL;
  g_vfs.xOpen = vOpen;
  g_methods = (sqlite3_io_methods){3, xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xLock, xUnlock, xCheckReservedLock,
    xFileControl, xSectorSize, xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, xFetch, xUnfetch};
  int rc = reg(&g_vfs, 1);
  fprintf(stderr, "walbuf: registered over %s as the default VFS (rc %d)\n", g_real->zName, rc);
}

static void report(void) { if (getenv("WALBUF_REPORT")) fprintf(stderr, "walbuf: %ld WAL writes in %ld pwrites\n", g_writes, g_flushes); }

__attribute__((constructor)) static void init(void) {
  const char *path = getenv("WALBUF_SQLITE");
  if (!path) return;
  void *lib = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  if (!lib) { fprintf(stderr, "walbuf: %s\n", dlerror()); return; }
  register_shim(lib);
  atexit(report);
}
