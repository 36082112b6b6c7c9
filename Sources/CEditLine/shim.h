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
#endif
