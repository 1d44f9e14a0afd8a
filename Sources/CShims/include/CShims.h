#ifndef EMBER_CSHIMS_H
#define EMBER_CSHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

/* Thin wrappers over what Swift cannot call directly: liburing's and libaio's static inline helpers,
   ioctl request macros, and GNU-only flags. Each returns what the wrapped call returns (0, a count,
   or -1 with errno / a negative errno, as documented per function). No policy lives here. */

/* ---- flags Swift's Glibc module does not export ---- */
int ember_o_direct(void);
int ember_falloc_keep_size(void);
int ember_falloc_punch_hole(void);
int ember_falloc_zero_range(void);

/* ---- block device ioctls: 0 or -1 with errno ---- */
int ember_blk_getsize64(int fd, uint64_t *bytes);
int ember_blk_sszget(int fd, int *bytes);
int ember_blk_pbszget(int fd, unsigned int *bytes);
int ember_blk_zeroout(int fd, uint64_t offset, uint64_t length);
int ember_blk_discard(int fd, uint64_t offset, uint64_t length);
/* ioctl(fd, BLKROGET): 1 if the block device is read-only. */
int ember_blk_roget(int fd, int *read_only);
/* 1 if the device's queue says discarded blocks read back as zeroes, 0 if not, -1 if unknown. */
int ember_blk_discard_zeroes(int fd);

/* fstatfs(2)'s f_type (the filesystem's magic number), or -1 with errno. */
long ember_fs_type(int fd);

/* ---- file cloning and extents: 0 / an offset / a count, or -1 with errno ---- */
int ember_ficlone(int dst_fd, int src_fd);
int ember_ficlonerange(int dst_fd, int src_fd, uint64_t src_offset, uint64_t length, uint64_t dst_offset);
int ember_fallocate(int fd, int mode, uint64_t offset, uint64_t length);
int64_t ember_seek_data(int fd, int64_t offset);
int64_t ember_seek_hole(int fd, int64_t offset);
int64_t ember_copy_file_range(int in_fd, int64_t *in_offset, int out_fd, int64_t *out_offset, size_t length);

/* ---- io_uring (liburing): negative errno on failure ---- */
typedef struct ember_ring ember_ring;

/* Creates a ring of `entries` submission slots with io_uring_setup flags; NULL with *error set. */
ember_ring *ember_ring_create(unsigned entries, unsigned flags, int *error);
void ember_ring_destroy(ember_ring *ring);
int ember_ring_register_buffers(ember_ring *ring, const struct iovec *buffers, unsigned count);
/// Reserves `count` buffer slots registered empty; `ember_ring_set_buffer` fills or empties one.
int ember_ring_register_buffers_sparse(ember_ring *ring, unsigned count);
/// Registers `buffer` at slot `index` (pinning its pages), or with a NULL base empties the slot (unpinning them).
int ember_ring_set_buffer(ember_ring *ring, unsigned index, const struct iovec *buffer);
int ember_ring_register_files(ember_ring *ring, const int *fds, unsigned count);
int ember_ring_unregister_files(ember_ring *ring);
/* Queue one operation (not yet submitted); -EBUSY when the submission queue is full.
   `fixed_file` non-zero means `fd` is an index into the registered files. */
int ember_ring_prep_read(ember_ring *ring, int fd, int fixed_file, void *buffer, unsigned length, uint64_t offset, uint64_t tag);
int ember_ring_prep_write(ember_ring *ring, int fd, int fixed_file, const void *buffer, unsigned length, uint64_t offset, uint64_t tag);
int ember_ring_prep_read_fixed(ember_ring *ring, int fd, int fixed_file, void *buffer, unsigned length, uint64_t offset, int buffer_index, uint64_t tag);
int ember_ring_prep_write_fixed(ember_ring *ring, int fd, int fixed_file, const void *buffer, unsigned length, uint64_t offset, int buffer_index, uint64_t tag);
int ember_ring_prep_fsync(ember_ring *ring, int fd, int fixed_file, int datasync, uint64_t tag);
/* Submits what is queued and waits for at least `wait_for` completions; the number submitted. */
int ember_ring_submit_and_wait(ember_ring *ring, unsigned wait_for);
/* Waits for one completion, marks it seen; its tag and result. */
int ember_ring_wait(ember_ring *ring, uint64_t *tag, int *result);
/* Reaps up to `capacity` ready completions without waiting, marks them seen; how many. */
unsigned ember_ring_peek_batch(ember_ring *ring, uint64_t *tags, int *results, unsigned capacity);

/* ---- Linux AIO (libaio): negative errno on failure ---- */
typedef struct ember_aio ember_aio;

/* A context with `depth` request slots; NULL with *error set. */
ember_aio *ember_aio_create(unsigned depth, int *error);
void ember_aio_destroy(ember_aio *aio);
/* Fills request slot `slot` (< depth) and queues it for the next submit. */
int ember_aio_prep(ember_aio *aio, unsigned slot, int fd, int is_write, void *buffer, size_t length, uint64_t offset);
/* Submits every queued slot; the number submitted. */
int ember_aio_submit(ember_aio *aio);
/* Waits for between `min` and `max` completions; their slots and results (bytes or -errno). */
int ember_aio_getevents(ember_aio *aio, int min, int max, unsigned *slots, long *results);

/* Hands the allocator's free pages back to the system (glibc's malloc_trim); 1 if any went. */
int ember_release_free_memory(void);

#endif
