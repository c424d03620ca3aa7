/* The floor of an epoll WebSocket echo server's CPU on this machine: the least a server can do per message with one
 * readiness wait, one read and one send, so that a cell of ../shared/bench where even this server is not ahead shows
 * what the mechanism allows (the round trip, the kernel's loopback TCP and copies, the load generator), not what a
 * library adds. One thread, level-triggered epoll, non-blocking sockets with TCP_NODELAY. Per readiness event: one
 * read into the connection's 2 MiB buffer (a 1 MiB frame and what follows it fit); every complete frame in it is
 * unmasked in place, eight bytes at a time, and echoed with the same header bits (so a fragmented message is echoed
 * fragment by fragment), all of that read's echoes in one sendmsg straight from the buffer; what the kernel does not
 * take is copied aside and the connection stops reading until it drains; a partial frame is moved to the front. A
 * ping gets its pong, a close is echoed and the connection closed. Not a conforming server: no UTF-8 validation, no
 * limits beyond a 4 MiB frame, no timeouts, 2 MiB per connection. A benchmark tool, not part of the library or CI.
 *   cc -O2 -o echo_floor echo_floor.c -lcrypto
 *   echo_floor PORT          (listens on 127.0.0.1:PORT; fits ../shared/bench: --server 'floor=PATH {port}') */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FRAME (4u << 20)
#define INITIAL_BUFFER (64u << 10)
#define READ_BUFFER ((2u << 20) + 64)
#define MAX_IOV 512

struct connection {
    int fd;
    int open;          /* handshake done */
    int closing;       /* close frame echoed: close once the output drains */
    uint8_t *in;
    size_t in_used, in_capacity;
    uint8_t *out;      /* what the kernel did not take */
    size_t out_used, out_capacity;
};

static int epoll_fd;

static void interest(struct connection *c, int op) {
    struct epoll_event event = {.events = c->out_used ? EPOLLOUT : EPOLLIN, .data.ptr = c};
    epoll_ctl(epoll_fd, op, c->fd, &event);
}

static void drop(struct connection *c) {
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
}

static int keep(struct connection *c, const uint8_t *bytes, size_t count) {
    if (c->out_used + count > c->out_capacity) {
        size_t capacity = c->out_capacity ? c->out_capacity : INITIAL_BUFFER;
        while (capacity < c->out_used + count) capacity *= 2;
        uint8_t *grown = realloc(c->out, capacity);
        if (!grown) return -1;
        c->out = grown;
        c->out_capacity = capacity;
    }
    memcpy(c->out + c->out_used, bytes, count);
    c->out_used += count;
    return 0;
}

/* Sends the iovecs; what the kernel does not take is kept. Returns -1 when the connection failed. */
static int send_all(struct connection *c, struct iovec *iov, int count) {
    ssize_t sent = 0;
    if (!c->out_used) {
        struct msghdr message = {.msg_iov = iov, .msg_iovlen = (size_t)count};
        sent = sendmsg(c->fd, &message, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
            sent = 0;
        }
    }
    size_t skip = (size_t)sent;
    for (int i = 0; i < count; i++) {
        if (skip >= iov[i].iov_len) { skip -= iov[i].iov_len; continue; }
        if (keep(c, (uint8_t *)iov[i].iov_base + skip, iov[i].iov_len - skip) != 0) return -1;
        skip = 0;
    }
    return 0;
}

static int handshake(struct connection *c) {
    uint8_t *end = memmem(c->in, c->in_used, "\r\n\r\n", 4);
    if (!end) return c->in_used < 8192 ? 0 : -1;
    *end = 0;
    char *key = NULL;
    for (char *line = strstr((char *)c->in, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "Sec-WebSocket-Key:", 18) == 0) {
            key = line + 20;
            while (*key == ' ') key++;
            char *stop = strstr(key, "\r\n");
            if (stop) *stop = 0;
            break;
        }
    }
    if (!key) return -1;
    char joined[128];
    snprintf(joined, sizeof joined, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    uint8_t digest[SHA_DIGEST_LENGTH];
    SHA1((const uint8_t *)joined, strlen(joined), digest);
    char accept[64];
    EVP_EncodeBlock((uint8_t *)accept, digest, SHA_DIGEST_LENGTH);
    char reply[256];
    int length = snprintf(reply, sizeof reply,
                          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
    size_t consumed = (size_t)(end + 4 - c->in);
    memmove(c->in, c->in + consumed, c->in_used - consumed);
    c->in_used -= consumed;
    c->open = 1;
    struct iovec iov = {.iov_base = reply, .iov_len = (size_t)length};
    return send_all(c, &iov, 1);
}

/* XORs the payload with the 4-byte key, eight bytes at a time (the compiler vectorizes the word loop). */
static void unmask(uint8_t *payload, size_t length, const uint8_t *key) {
    uint32_t key32;
    memcpy(&key32, key, 4);
    uint64_t key64 = (uint64_t)key32 << 32 | key32, word;
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        memcpy(&word, payload + i, 8);
        word ^= key64;
        memcpy(payload + i, &word, 8);
    }
    for (; i < length; i++) payload[i] ^= key[i & 3];
}

/* Echoes up to MAX_IOV complete frames of the buffer with one writev. Returns -1 when the connection should be
 * dropped, 1 when complete frames may remain. */
static int echo_frames(struct connection *c) {
    static uint8_t headers[MAX_IOV][10];
    struct iovec iov[2 * MAX_IOV];
    int vectors = 0, frames = 0;
    size_t at = 0;
    while (frames < MAX_IOV && !c->closing) {
        uint8_t *frame = c->in + at;
        size_t available = c->in_used - at;
        if (available < 2) break;
        if (!(frame[1] & 0x80)) return -1; /* client frames are masked */
        uint64_t length = frame[1] & 0x7f;
        size_t header = 2;
        if (length == 126) {
            if (available < 4) break;
            length = (uint64_t)frame[2] << 8 | frame[3];
            header = 4;
        } else if (length == 127) {
            if (available < 10) break;
            length = 0;
            for (int i = 2; i < 10; i++) length = length << 8 | frame[i];
            header = 10;
        }
        if (length > MAX_FRAME) return -1;
        if (available < header + 4 + length) {
            size_t needed = header + 4 + (size_t)length;
            if (needed > c->in_capacity && at == 0) {
                uint8_t *grown = realloc(c->in, needed);
                if (!grown) return -1;
                c->in = grown;
                c->in_capacity = needed;
            }
            break;
        }
        uint8_t *mask = frame + header, *payload = frame + header + 4;
        unmask(payload, (size_t)length, mask);
        uint8_t opcode = frame[0] & 0x0f, *out = headers[frames];
        out[0] = opcode == 0x9 ? (uint8_t)(0x80 | 0xA) : frame[0];
        size_t out_header = 2;
        if (length < 126) {
            out[1] = (uint8_t)length;
        } else if (length < 65536) {
            out[1] = 126; out[2] = (uint8_t)(length >> 8); out[3] = (uint8_t)length;
            out_header = 4;
        } else {
            out[1] = 127;
            for (int i = 0; i < 8; i++) out[2 + i] = (uint8_t)(length >> (56 - 8 * i));
            out_header = 10;
        }
        if (opcode != 0xA) { /* an unsolicited pong is not answered */
            iov[vectors++] = (struct iovec){.iov_base = out, .iov_len = out_header};
            if (length) iov[vectors++] = (struct iovec){.iov_base = payload, .iov_len = (size_t)length};
        }
        if (opcode == 0x8) c->closing = 1;
        frames++;
        at += header + 4 + (size_t)length;
    }
    if (vectors && send_all(c, iov, vectors) != 0) return -1;
    memmove(c->in, c->in + at, c->in_used - at);
    c->in_used -= at;
    return frames == MAX_IOV ? 1 : 0;
}

/* Handles what the buffer holds while the kernel takes the output. Returns -1 when the connection should be dropped. */
static int process(struct connection *c) {
    if (!c->open && handshake(c) != 0) return -1;
    int more = c->open;
    while (more == 1 && !c->out_used && !c->closing) more = echo_frames(c);
    if (more < 0) return -1;
    return c->closing && !c->out_used ? -1 : 0;
}

static void readable(struct connection *c) {
    if (c->in_used == c->in_capacity) {
        size_t capacity = c->in_capacity * 2;
        uint8_t *grown = capacity <= 2 * MAX_FRAME ? realloc(c->in, capacity) : NULL;
        if (!grown) {
            drop(c);
            return;
        }
        c->in = grown;
        c->in_capacity = capacity;
    }
    ssize_t count = read(c->fd, c->in + c->in_used, c->in_capacity - c->in_used);
    if (count <= 0) {
        if (count < 0 && (errno == EAGAIN || errno == EINTR)) return;
        drop(c);
        return;
    }
    c->in_used += (size_t)count;
    if (process(c) != 0) {
        drop(c);
        return;
    }
    if (c->out_used) interest(c, EPOLL_CTL_MOD);
}

static void writable(struct connection *c) {
    ssize_t sent = send(c->fd, c->out, c->out_used, MSG_NOSIGNAL);
    if (sent < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        drop(c);
        return;
    }
    memmove(c->out, c->out + sent, c->out_used - (size_t)sent);
    c->out_used -= (size_t)sent;
    if (c->out_used) return;
    if (process(c) != 0) {
        drop(c);
        return;
    }
    if (!c->out_used) interest(c, EPOLL_CTL_MOD);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 4096) != 0) {
        perror("bind/listen");
        return 1;
    }
    epoll_fd = epoll_create1(0);
    struct epoll_event listen_event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &listen_event);
    static struct epoll_event events[1024];
    for (;;) {
        int count = epoll_wait(epoll_fd, events, 1024, -1);
        for (int i = 0; i < count; i++) {
            struct connection *c = events[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    c = calloc(1, sizeof *c);
                    c->fd = fd;
                    c->in = malloc(READ_BUFFER);
                    c->in_capacity = READ_BUFFER;
                    interest(c, EPOLL_CTL_ADD);
                }
            } else if (events[i].events & EPOLLOUT) {
                writable(c);
            } else {
                readable(c);
            }
        }
    }
}
