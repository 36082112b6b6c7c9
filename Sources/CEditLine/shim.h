/* libedit (BSD editline) for Swift: the native API behind fixed-arity wrappers, because Swift cannot call
 * C variadics (el_set, history) nor touch glibc's stdin/stdout/stderr globals under strict concurrency.
 * Always <editline/...> or <histedit.h>: never GNU readline's headers. */
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <histedit.h>
#include <termios.h>
#include <unistd.h>
#include <locale.h>
#include <langinfo.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <wchar.h>
#include <sys/ioctl.h>

/* Set when Ctrl-C ended the last el_gets (rather than Ctrl-D or an error). */
static inline int *ceditline_interrupt_flag(void) { static int flag; return &flag; }

static inline unsigned char ceditline_on_interrupt(EditLine *el, int ch) {
    (void)el; (void)ch;
    *ceditline_interrupt_flag() = 1;
    return CC_EOF;
}

/* The prompt text lives in a function-local static (a file-scope one fails to link from Swift). */
static inline char *ceditline_prompt_storage(void) { static char buf[1024]; return buf; }
static inline char *ceditline_prompt_cb(EditLine *el) { (void)el; return ceditline_prompt_storage(); }
static inline void ceditline_set_prompt_text(const char *text) {
    strncpy(ceditline_prompt_storage(), text, 1023);
    ceditline_prompt_storage()[1023] = '\0';
}

/* The terminal settings before any editing, restored at exit whatever happens. */
static inline struct termios *ceditline_saved_tty(void) { static struct termios t; return &t; }
static inline int *ceditline_saved_tty_valid(void) { static int v; return &v; }
static inline void ceditline_restore_tty(void) {
    if (*ceditline_saved_tty_valid()) tcsetattr(STDIN_FILENO, TCSANOW, ceditline_saved_tty());
}

/* Opens an editor reading stdin and drawing on stderr (stdout is for results): emacs keys, Ctrl-R
 * incremental search, Ctrl-C read as a key that ends the line as "interrupted", and history. */
static inline EditLine *ceditline_open(const char *program, History *history_handle) {
    /* libedit reads multibyte input only in a UTF-8 locale; the C locale drops every non-ASCII byte. */
    setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
    if (!*ceditline_saved_tty_valid() && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, ceditline_saved_tty()) == 0) {
        *ceditline_saved_tty_valid() = 1;
        atexit(ceditline_restore_tty);
    }
    EditLine *el = el_init(program, stdin, stderr, stderr);
    if (el == NULL) return NULL;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT, ceditline_prompt_cb);
    el_set(el, EL_HIST, history, history_handle);
    el_set(el, EL_ADDFN, "mcptask-interrupt", "Cancel the question", ceditline_on_interrupt);
    el_set(el, EL_BIND, "^C", "mcptask-interrupt", NULL);
    el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
    el_set(el, EL_SIGNAL, 1);
    return el;
}

/* Reads one line; returns NULL at end of input or on Ctrl-C (see ceditline_interrupt_flag). */
static inline const char *ceditline_gets(EditLine *el, int *count) {
    *ceditline_interrupt_flag() = 0;
    return el_gets(el, count);
}

static inline History *ceditline_history_open(int size) {
    History *h = history_init();
    HistEvent ev;
    if (h != NULL) history(h, &ev, H_SETSIZE, size);
    return h;
}

static inline void ceditline_history_add(History *h, const char *line) {
    HistEvent ev;
    history(h, &ev, H_ENTER, line);
}

static inline int ceditline_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

static inline int ceditline_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}
/* ---- Interruptible editors (mcptask shell) ----------------------------------------------------------------
 * An interruptible editor reads keys through ceditline_getc, which also watches a process-wide wake pipe.
 * Another thread that wants the line being edited to react (print something above the prompt, give the
 * terminal to another question, restore a line) writes to the pipe; ceditline_getc then returns
 * CEDITLINE_WAKE_CHAR, which is bound to "mcptask-wake", which calls the registered wake handler on the
 * editing thread, inside el_gets, where touching the editor is safe. Tab is bound to "mcptask-complete",
 * which calls the registered completion handler. Both handlers are set once, before any such editor reads.
 * The state lives in function-local statics of static inline functions, so every Swift file that calls them
 * has copies of its own: LineEditor.swift (EditLineShim) makes every call that touches this state. */

/* The key the wake pipe turns into (Ctrl-]); typed by hand it is ignored. */
#define CEDITLINE_WAKE_CHAR 0x1D

typedef unsigned char (*ceditline_handler_t)(EditLine *);

static inline int *ceditline_wake_fds(void) { static int fds[2] = {-1, -1}; return fds; }
static inline ceditline_handler_t *ceditline_wake_handler_slot(void) { static ceditline_handler_t h; return &h; }
static inline ceditline_handler_t *ceditline_complete_handler_slot(void) { static ceditline_handler_t h; return &h; }

/* Creates the wake pipe (non-blocking, close-on-exec) if it does not exist; 0 on success. Call once. */
static inline int ceditline_wake_setup(void) {
    int *fds = ceditline_wake_fds();
    if (fds[0] >= 0) return 0;
    int p[2];
    if (pipe(p) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(p[i], F_SETFL, fcntl(p[i], F_GETFL) | O_NONBLOCK);
        fcntl(p[i], F_SETFD, FD_CLOEXEC);
    }
    fds[0] = p[0];
    fds[1] = p[1];
    return 0;
}

/* Wakes the editor that is reading, if any (a full pipe already holds a wake-up). */
static inline void ceditline_wake(void) {
    int fd = ceditline_wake_fds()[1];
    if (fd < 0) return;
    char c = 1;
    while (write(fd, &c, 1) < 0 && errno == EINTR) {}
}

/* Empties the wake pipe. */
static inline void ceditline_wake_drain(void) {
    int fd = ceditline_wake_fds()[0];
    if (fd < 0) return;
    char buf[64];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        return;
    }
}

/* EL_GETCFN: one character from stdin (UTF-8 decoded as libedit's own reader does), or CEDITLINE_WAKE_CHAR when
 * the wake pipe has something and no typed input is pending (so escape sequences are never split). */
static inline int ceditline_getc(EditLine *el, wchar_t *out) {
    (void)el;
    char bytes[MB_LEN_MAX];
    size_t n = 0;
    int wake_fd = ceditline_wake_fds()[0];
    for (;;) {
        struct pollfd fds[2];
        fds[0].fd = STDIN_FILENO; fds[0].events = POLLIN; fds[0].revents = 0;
        fds[1].fd = wake_fd; fds[1].events = POLLIN; fds[1].revents = 0;
        int nfds = (wake_fd >= 0 && n == 0) ? 2 : 1;
        int r = poll(fds, (nfds_t)nfds, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (fds[0].revents & POLLNVAL) return -1;
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            if (nfds == 2 && (fds[1].revents & POLLIN)) {
                ceditline_wake_drain();
                *out = CEDITLINE_WAKE_CHAR;
                return 1;
            }
            continue;
        }
        char c;
        ssize_t k = read(STDIN_FILENO, &c, 1);
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        if (k == 0) return 0;
        bytes[n++] = c;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        wchar_t wc = 0;
        size_t m = mbrtowc(&wc, bytes, n, &state);
        if (m == (size_t)-2) {
            if (n < sizeof bytes) continue;
            n = 0;
            continue;
        }
        n = 0;
        if (m == (size_t)-1) continue;
        if (wc == CEDITLINE_WAKE_CHAR) continue;
        *out = wc;
        return 1;
    }
}

static inline unsigned char ceditline_on_wake(EditLine *el, int ch) {
    (void)ch;
    ceditline_handler_t h = *ceditline_wake_handler_slot();
    return h ? h(el) : CC_NORM;
}

static inline unsigned char ceditline_on_complete(EditLine *el, int ch) {
    (void)ch;
    ceditline_handler_t h = *ceditline_complete_handler_slot();
    return h ? h(el) : CC_ERROR;
}

/* Makes `el` interruptible (see above): its own key reader, the wake key, and Tab for completion. */
static inline void ceditline_enable_async(EditLine *el) {
    el_set(el, EL_GETCFN, ceditline_getc);
    el_set(el, EL_ADDFN, "mcptask-wake", "Show what arrived while typing", ceditline_on_wake);
    el_set(el, EL_BIND, "^]", "mcptask-wake", NULL);
    el_set(el, EL_ADDFN, "mcptask-complete", "Complete the word before the cursor", ceditline_on_complete);
    el_set(el, EL_BIND, "^I", "mcptask-complete", NULL);
}

/* Redraws the prompt and the line on the terminal line where the cursor is (after output above it). */
static inline void ceditline_refresh(EditLine *el) { el_set(el, EL_REFRESH); }

/* wcwidth under another name: glibc declares it only for X/Open, which the module is not built for. */
extern int ceditline_wcwidth(wchar_t c) __asm__("wcwidth");

static inline int ceditline_width(const wchar_t *s, size_t n) {
    int w = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        int cw = ceditline_wcwidth(s[i]);
        w += cw < 0 ? 1 : cw;
    }
    return w;
}

/* The terminal's width on stderr (80 when unknown). */
static inline int ceditline_columns(void) {
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

/* Erases the prompt and the line being edited (however many terminal rows they take) and leaves the cursor at
 * the start of the prompt's first row, so that what is written next appears where the prompt was. */
static inline void ceditline_clear_edit_area(EditLine *el) {
    const LineInfoW *li = el_wline(el);
    wchar_t prompt[1024];
    size_t pn = mbstowcs(prompt, ceditline_prompt_storage(), 1023);
    int width = 0;
    if (pn != (size_t)-1) width += ceditline_width(prompt, pn);
    if (li != NULL && li->cursor >= li->buffer) width += ceditline_width(li->buffer, (size_t)(li->cursor - li->buffer));
    int row = width / ceditline_columns();
    char seq[32];
    if (row > 0) {
        int len = snprintf(seq, sizeof seq, "\x1b[%dA", row);
        if (len > 0) { ssize_t ignored = write(STDERR_FILENO, seq, (size_t)len); (void)ignored; }
    }
    ssize_t ignored = write(STDERR_FILENO, "\r\x1b[J", 4);
    (void)ignored;
}
#endif
