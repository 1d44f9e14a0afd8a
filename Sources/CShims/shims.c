#define _GNU_SOURCE
#include "CShims.h"

#include <errno.h>
#include <fcntl.h>
#include <libaio.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <liburing.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int ember_o_direct(void) { return O_DIRECT; }
int ember_falloc_keep_size(void) { return FALLOC_FL_KEEP_SIZE; }
int ember_falloc_punch_hole(void) { return FALLOC_FL_PUNCH_HOLE; }
int ember_falloc_zero_range(void) { return FALLOC_FL_ZERO_RANGE; }

int ember_blk_getsize64(int fd, uint64_t *bytes) { return ioctl(fd, BLKGETSIZE64, bytes); }
int ember_blk_sszget(int fd, int *bytes) { return ioctl(fd, BLKSSZGET, bytes); }
int ember_blk_pbszget(int fd, unsigned int *bytes) { return ioctl(fd, BLKPBSZGET, bytes); }

int ember_blk_zeroout(int fd, uint64_t offset, uint64_t length) {
    uint64_t range[2] = {offset, length};
    return ioctl(fd, BLKZEROOUT, range);
}

int ember_blk_discard(int fd, uint64_t offset, uint64_t length) {
    uint64_t range[2] = {offset, length};
    return ioctl(fd, BLKDISCARD, range);
}

int ember_blk_roget(int fd, int *read_only) { return ioctl(fd, BLKROGET, read_only); }

int ember_blk_discard_zeroes(int fd) {
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISBLK(info.st_mode)) return -1;
    char path[128];
    snprintf(path, sizeof path, "/sys/dev/block/%u:%u/queue/discard_zeroes_data", major(info.st_rdev), minor(info.st_rdev));
    FILE *file = fopen(path, "re");
    if (!file) return -1;
    int value = -1;
    if (fscanf(file, "%d", &value) != 1) value = -1;
    fclose(file);
    return value;
}

long ember_fs_type(int fd) {
    struct statfs info;
    return fstatfs(fd, &info) == 0 ? (long)info.f_type : -1;
}

int ember_ficlone(int dst_fd, int src_fd) { return ioctl(dst_fd, FICLONE, src_fd); }

int ember_ficlonerange(int dst_fd, int src_fd, uint64_t src_offset, uint64_t length, uint64_t dst_offset) {
    struct file_clone_range range = {.src_fd = src_fd, .src_offset = src_offset, .src_length = length, .dest_offset = dst_offset};
    return ioctl(dst_fd, FICLONERANGE, &range);
}

int ember_fallocate(int fd, int mode, uint64_t offset, uint64_t length) {
    return fallocate(fd, mode, (off_t)offset, (off_t)length);
}

int64_t ember_seek_data(int fd, int64_t offset) { return lseek(fd, offset, SEEK_DATA); }
int64_t ember_seek_hole(int fd, int64_t offset) { return lseek(fd, offset, SEEK_HOLE); }

int64_t ember_copy_file_range(int in_fd, int64_t *in_offset, int out_fd, int64_t *out_offset, size_t length) {
    loff_t in = *in_offset, out = *out_offset;
    ssize_t copied = copy_file_range(in_fd, &in, out_fd, &out, length, 0);
    *in_offset = in;
    *out_offset = out;
    return copied;
}

/* ---- io_uring ---- */

struct ember_ring { struct io_uring ring; };

ember_ring *ember_ring_create(unsigned entries, unsigned flags, int *error) {
    ember_ring *ring = calloc(1, sizeof *ring);
    if (!ring) { *error = ENOMEM; return NULL; }
    int result = io_uring_queue_init(entries, &ring->ring, flags);
    if (result < 0) { *error = -result; free(ring); return NULL; }
    return ring;
}

void ember_ring_destroy(ember_ring *ring) {
    if (!ring) return;
    io_uring_queue_exit(&ring->ring);
    free(ring);
}

int ember_ring_register_buffers(ember_ring *ring, const struct iovec *buffers, unsigned count) {
    return io_uring_register_buffers(&ring->ring, buffers, count);
}

int ember_ring_register_buffers_sparse(ember_ring *ring, unsigned count) {
    return io_uring_register_buffers_sparse(&ring->ring, count);
}

int ember_ring_set_buffer(ember_ring *ring, unsigned index, const struct iovec *buffer) {
    int updated = io_uring_register_buffers_update_tag(&ring->ring, index, buffer, NULL, 1);
    return updated == 1 ? 0 : (updated < 0 ? updated : -EIO);
}

int ember_ring_register_files(ember_ring *ring, const int *fds, unsigned count) {
    return io_uring_register_files(&ring->ring, fds, count);
}

int ember_ring_unregister_files(ember_ring *ring) {
    return io_uring_unregister_files(&ring->ring);
}

/* Tags a prepared request and marks it for a registered file. After the prep call, which clears flags. */
static int finish_sqe(struct io_uring_sqe *sqe, int fixed_file, uint64_t tag) {
    io_uring_sqe_set_data64(sqe, tag);
    if (fixed_file) sqe->flags |= IOSQE_FIXED_FILE;
    return 0;
}

int ember_ring_prep_read(ember_ring *ring, int fd, int fixed_file, void *buffer, unsigned length, uint64_t offset, uint64_t tag) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring->ring);
    if (!sqe) return -EBUSY;
    io_uring_prep_read(sqe, fd, buffer, length, offset);
    return finish_sqe(sqe, fixed_file, tag);
}

int ember_ring_prep_write(ember_ring *ring, int fd, int fixed_file, const void *buffer, unsigned length, uint64_t offset, uint64_t tag) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring->ring);
    if (!sqe) return -EBUSY;
    io_uring_prep_write(sqe, fd, buffer, length, offset);
    return finish_sqe(sqe, fixed_file, tag);
}

int ember_ring_prep_read_fixed(ember_ring *ring, int fd, int fixed_file, void *buffer, unsigned length, uint64_t offset, int buffer_index, uint64_t tag) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring->ring);
    if (!sqe) return -EBUSY;
    io_uring_prep_read_fixed(sqe, fd, buffer, length, offset, buffer_index);
    return finish_sqe(sqe, fixed_file, tag);
}

int ember_ring_prep_write_fixed(ember_ring *ring, int fd, int fixed_file, const void *buffer, unsigned length, uint64_t offset, int buffer_index, uint64_t tag) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring->ring);
    if (!sqe) return -EBUSY;
    io_uring_prep_write_fixed(sqe, fd, buffer, length, offset, buffer_index);
    return finish_sqe(sqe, fixed_file, tag);
}

int ember_ring_prep_fsync(ember_ring *ring, int fd, int fixed_file, int datasync, uint64_t tag) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring->ring);
    if (!sqe) return -EBUSY;
    io_uring_prep_fsync(sqe, fd, datasync ? IORING_FSYNC_DATASYNC : 0);
    return finish_sqe(sqe, fixed_file, tag);
}

int ember_ring_submit_and_wait(ember_ring *ring, unsigned wait_for) {
    return io_uring_submit_and_wait(&ring->ring, wait_for);
}

int ember_ring_wait(ember_ring *ring, uint64_t *tag, int *result) {
    struct io_uring_cqe *cqe;
    int error = io_uring_wait_cqe(&ring->ring, &cqe);
    if (error < 0) return error;
    *tag = io_uring_cqe_get_data64(cqe);
    *result = cqe->res;
    io_uring_cqe_seen(&ring->ring, cqe);
    return 0;
}

unsigned ember_ring_peek_batch(ember_ring *ring, uint64_t *tags, int *results, unsigned capacity) {
    struct io_uring_cqe *cqes[256];
    if (capacity > 256) capacity = 256;
    unsigned count = io_uring_peek_batch_cqe(&ring->ring, cqes, capacity);
    for (unsigned i = 0; i < count; i++) {
        tags[i] = io_uring_cqe_get_data64(cqes[i]);
        results[i] = cqes[i]->res;
    }
    io_uring_cq_advance(&ring->ring, count);
    return count;
}

/* ---- libaio ---- */

struct ember_aio {
    io_context_t context;
    unsigned depth;
    unsigned queued;
    struct iocb *slots;
    struct iocb **pending;
    struct io_event *events;
};

ember_aio *ember_aio_create(unsigned depth, int *error) {
    ember_aio *aio = calloc(1, sizeof *aio);
    if (!aio) { *error = ENOMEM; return NULL; }
    aio->depth = depth;
    aio->slots = calloc(depth, sizeof *aio->slots);
    aio->pending = calloc(depth, sizeof *aio->pending);
    aio->events = calloc(depth, sizeof *aio->events);
    int result = (aio->slots && aio->pending && aio->events) ? io_setup((int)depth, &aio->context) : -ENOMEM;
    if (result < 0) { *error = -result; ember_aio_destroy(aio); return NULL; }
    return aio;
}

void ember_aio_destroy(ember_aio *aio) {
    if (!aio) return;
    if (aio->context) io_destroy(aio->context);
    free(aio->slots);
    free(aio->pending);
    free(aio->events);
    free(aio);
}

int ember_aio_prep(ember_aio *aio, unsigned slot, int fd, int is_write, void *buffer, size_t length, uint64_t offset) {
    if (slot >= aio->depth || aio->queued >= aio->depth) return -EINVAL;
    struct iocb *iocb = &aio->slots[slot];
    if (is_write) io_prep_pwrite(iocb, fd, buffer, length, (long long)offset);
    else io_prep_pread(iocb, fd, buffer, length, (long long)offset);
    iocb->data = (void *)(uintptr_t)slot;
    aio->pending[aio->queued++] = iocb;
    return 0;
}

int ember_aio_submit(ember_aio *aio) {
    unsigned done = 0;
    while (done < aio->queued) {
        int result = io_submit(aio->context, (long)(aio->queued - done), aio->pending + done);
        if (result < 0) { aio->queued = 0; return result; }
        done += (unsigned)result;
    }
    aio->queued = 0;
    return (int)done;
}

int ember_aio_getevents(ember_aio *aio, int min, int max, unsigned *slots, long *results) {
    if (max > (int)aio->depth) max = (int)aio->depth;
    int count = io_getevents(aio->context, min, max, aio->events, NULL);
    for (int i = 0; i < count; i++) {
        slots[i] = (unsigned)(uintptr_t)aio->events[i].data;
        results[i] = (long)aio->events[i].res;
    }
    return count;
}

int ember_release_free_memory(void) {
    return malloc_trim(0);
}
