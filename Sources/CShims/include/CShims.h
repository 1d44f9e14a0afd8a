#ifndef EMBER_CSHIMS_H
#define EMBER_CSHIMS_H

#include <stdint.h>

/* Thin wrappers over what Swift cannot call directly (ioctl request macros).
   Each returns 0 or -1 with errno set, as the system call does. No policy here. */

/* ioctl(fd, BLKGETSIZE64): the size of a block device in bytes. */
int ember_blk_getsize64(int fd, uint64_t *bytes);

/* ioctl(fd, BLKSSZGET): the logical block size of a block device. */
int ember_blk_sszget(int fd, int *bytes);

#endif
