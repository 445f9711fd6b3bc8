/* Row identity for ingest, compiled: content hashes of Arrow columns and the duplicate
 * filter's window.
 *
 * `hash_column` folds one column (one Arrow array: validity bitmap, values, string offsets)
 * into each row's 64-bit content hash; `darkfleet.ingest.identity.content_hashes` calls it once
 * per column. `repeat_window` tells, for each hash of a chunk, whether the same hash came at
 * most `window` rows before it, with two hash tables of the hashes' last positions, each
 * covering `window` rows (`darkfleet.ingest.recent.CompiledRecent` holds them between chunks).
 * Both release the GIL.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t mix(uint64_t x) { /* splitmix64's finaliser */
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

#define NULL_VALUE 0x6E756C6C6E756C6CULL /* "nullnull": what a null contributes */

static uint64_t bytes_hash(const uint8_t *at, int64_t length) {
    uint64_t h = 0xCBF29CE484222325ULL ^ (uint64_t)length;
    int64_t k = 0;
    for (; k + 8 <= length; k += 8) {
        uint64_t word;
        memcpy(&word, at + k, 8);
        h = mix(h ^ word);
    }
    uint64_t last = 0;
    memcpy(&last, at + k, (size_t)(length - k));
    return mix(h ^ last ^ 0x1234567ULL);
}

/* Fold values of type T (read from `data` at `array_offset`) into `h`: one multiply for the
 * value, one mix for the row. */
#define FOLD(T)                                                                              \
    do {                                                                                     \
        const T *values = (const T *)data + array_offset;                                   \
        for (Py_ssize_t r = 0; r < length; r++) {                                            \
            Py_ssize_t at = array_offset + r;                                                \
            uint64_t value = ((uint64_t)values[r] + sizeof(T)) * 0x9E3779B97F4A7C15ULL;      \
            if (valid && !((valid[at >> 3] >> (at & 7)) & 1)) value = NULL_VALUE;            \
            h[r] = mix(h[r] ^ value ^ salt);                                                 \
        }                                                                                    \
    } while (0)

typedef struct {
    Py_buffer hashes, data, validity, offsets;
    int has_validity, has_offsets;
} Views;

static void release(Views *v) {
    if (v->hashes.obj) PyBuffer_Release(&v->hashes);
    if (v->data.obj) PyBuffer_Release(&v->data);
    if (v->has_validity) PyBuffer_Release(&v->validity);
    if (v->has_offsets) PyBuffer_Release(&v->offsets);
}

/* hash_column(hashes, first_row, length, width, array_offset, validity, data, offsets, salt):
 * for rows first_row .. first_row + length of `hashes`, fold in the array's values (width 1, 2,
 * 4 or 8 bytes; 0: strings with 32-bit `offsets`), null where the validity bit is 0. */
static PyObject *hash_column(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *hashes_obj, *validity_obj, *data_obj, *offsets_obj;
    Py_ssize_t first_row, length, width, array_offset;
    unsigned long long salt;
    if (!PyArg_ParseTuple(args, "OnnnnOOOK", &hashes_obj, &first_row, &length, &width,
                          &array_offset, &validity_obj, &data_obj, &offsets_obj, &salt))
        return NULL;
    Views v;
    memset(&v, 0, sizeof v);
    if (PyObject_GetBuffer(hashes_obj, &v.hashes, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0)
        goto fail;
    if (PyObject_GetBuffer(data_obj, &v.data, PyBUF_C_CONTIGUOUS) < 0) goto fail;
    if (validity_obj != Py_None) {
        if (PyObject_GetBuffer(validity_obj, &v.validity, PyBUF_C_CONTIGUOUS) < 0) goto fail;
        v.has_validity = 1;
    }
    if (offsets_obj != Py_None) {
        if (PyObject_GetBuffer(offsets_obj, &v.offsets, PyBUF_C_CONTIGUOUS) < 0) goto fail;
        v.has_offsets = 1;
    }
    if (first_row < 0 || length < 0 || array_offset < 0 ||
        (first_row + length) * 8 > v.hashes.len ||
        (width > 0 && (array_offset + length) * width > v.data.len) ||
        (width == 0 && (!v.has_offsets || (array_offset + length + 1) * 4 > v.offsets.len)) ||
        (v.has_validity && (array_offset + length + 7) / 8 > v.validity.len) ||
        (width != 0 && width != 1 && width != 2 && width != 4 && width != 8)) {
        PyErr_SetString(PyExc_ValueError, "hash_column: buffers too short for the rows");
        goto fail;
    }
    uint64_t *h = (uint64_t *)v.hashes.buf + first_row;
    const uint8_t *data = v.data.buf, *valid = v.has_validity ? v.validity.buf : NULL;
    const int32_t *offsets = v.has_offsets ? v.offsets.buf : NULL;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    switch (width) {
    case 1: FOLD(uint8_t); break;
    case 2: FOLD(uint16_t); break;
    case 4: FOLD(uint32_t); break;
    case 8: FOLD(uint64_t); break;
    default: {
        /* a value equal to the row before's (most rows of a column such as `kind`) reuses its
         * hash */
        const uint8_t *last = NULL;
        int64_t last_length = -1;
        uint64_t last_value = 0;
        for (Py_ssize_t r = 0; r < length; r++) {
            Py_ssize_t at = array_offset + r;
            uint64_t value = NULL_VALUE;
            if (!valid || ((valid[at >> 3] >> (at & 7)) & 1)) {
                int64_t start = offsets[at], end = offsets[at + 1];
                if (start < 0 || end < start || end > v.data.len) { bad = 1; break; }
                if (end - start == last_length &&
                    memcmp(data + start, last, (size_t)last_length) == 0) {
                    value = last_value;
                } else {
                    value = last_value = bytes_hash(data + start, end - start);
                    last = data + start;
                    last_length = end - start;
                }
            }
            h[r] = mix(h[r] ^ value ^ salt);
        }
    }
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "hash_column: string offsets outside the data");
        goto fail;
    }
    release(&v);
    Py_RETURN_NONE;
fail:
    release(&v);
    return NULL;
}

/* The window's state, in arrays the caller keeps: two hash tables of `Slot`s (`current` and
 * `previous`, each a power of two long and at least twice the window; position -1: empty) and
 * `state` = (position where the current table began, index of the current table). The current
 * table holds the last position of each hash since it began, fewer than `window` rows ago; the
 * previous one the `window` rows before that. When the current one has taken `window` rows it
 * becomes the previous one and the old previous one, emptied, the current one. */
typedef struct {
    uint64_t key;
    int64_t position;
} Slot;

static inline Slot *probe(Slot *table, int64_t mask, int shift, uint64_t key) {
    int64_t at = (int64_t)((key * 0x9E3779B97F4A7C15ULL) >> shift);
    while (table[at].position >= 0 && table[at].key != key) at = (at + 1) & mask;
    return &table[at];
}

/* How many rows ahead the tables' slots are fetched into the cache. */
#define AHEAD 16

/* repeat_window(hashes, out, tables, state, first, window): out[k] = 1 when hashes[k] came at
 * most `window` rows before row first + k (its last occurrence), else 0; then each hash joins
 * the window. */
static PyObject *repeat_window(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *objs[4];
    Py_ssize_t first, window;
    if (!PyArg_ParseTuple(args, "OOOOnn", &objs[0], &objs[1], &objs[2], &objs[3], &first,
                          &window))
        return NULL;
    Py_buffer views[4];
    int held = 0;
    for (; held < 4; held++) {
        int flags = PyBUF_C_CONTIGUOUS | (held ? PyBUF_WRITABLE : 0);
        if (PyObject_GetBuffer(objs[held], &views[held], flags) < 0) goto fail;
    }
    Py_ssize_t count = views[0].len / 8, capacity = views[2].len / 2 / (Py_ssize_t)sizeof(Slot);
    if (window < 1 || first < 0 || views[1].len < count || views[3].len < 16 ||
        capacity < 2 * window || (capacity & (capacity - 1))) {
        PyErr_SetString(PyExc_ValueError, "repeat_window: state arrays of the wrong size");
        goto fail;
    }
    Slot *tables = views[2].buf;
    int64_t *state = views[3].buf, mask = capacity - 1;
    int shift = 64 - __builtin_ctzll((unsigned long long)capacity);
    const uint64_t *hashes = views[0].buf;
    uint8_t *out = views[1].buf;
    Py_BEGIN_ALLOW_THREADS
    Slot *current = tables + state[1] * capacity, *previous = tables + (1 - state[1]) * capacity;
    for (Py_ssize_t k = 0; k < count; k++) {
        int64_t position = first + k;
        if (position - state[0] >= window) { /* the current table is full: swap */
            memset(previous, 0xFF, (size_t)capacity * sizeof(Slot));
            Slot *swap = current;
            current = previous;
            previous = swap;
            state[0] = position;
            state[1] = 1 - state[1];
        }
        if (k + AHEAD < count) {
            int64_t ahead = (int64_t)((hashes[k + AHEAD] * 0x9E3779B97F4A7C15ULL) >> shift);
            __builtin_prefetch(&current[ahead]);
            __builtin_prefetch(&previous[ahead]);
        }
        uint64_t key = hashes[k];
        Slot *slot = probe(current, mask, shift, key);
        if (slot->position >= 0) {
            out[k] = 1; /* within the current table: fewer than `window` rows ago */
        } else {
            Slot *older = probe(previous, mask, shift, key);
            out[k] = older->position >= 0 && position - older->position <= window;
            slot->key = key;
        }
        slot->position = position;
    }
    Py_END_ALLOW_THREADS
    for (int k = 0; k < held; k++) PyBuffer_Release(&views[k]);
    Py_RETURN_NONE;
fail:
    for (int k = 0; k < held; k++) PyBuffer_Release(&views[k]);
    return NULL;
}

static PyMethodDef methods[] = {
    {"hash_column", hash_column, METH_VARARGS,
     "hash_column(hashes, first_row, length, width, array_offset, validity, data, offsets, "
     "salt): fold one Arrow array into the rows' content hashes."},
    {"repeat_window", repeat_window, METH_VARARGS,
     "repeat_window(hashes, out, tables, state, first, window): which hashes repeat "
     "one of the last `window`."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_crows",
                                    "Row identity for ingest, compiled: content hashes and the "
                                    "duplicate filter's window.",
                                    -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__crows(void) { return PyModule_Create(&module); }
