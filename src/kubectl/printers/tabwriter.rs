//! A port of `github.com/liggitt/tabwriter` (Go's `text/tabwriter` plus `RememberWidths`), the
//! writer kubectl prints tables with (`cli-runtime/pkg/printers/tabwriter.go`:
//! `minwidth=6, tabwidth=4, padding=3, padchar=' ', flags=RememberWidths`).
//!
//! Text is split into cells at `\t` and `\v`; `\n` and `\f` end lines. Tab-terminated cells in
//! contiguous lines form a column, padded to the widest cell plus `padding` (at least
//! `minwidth`). The last cell of a line is not tab-terminated, so it is never padded. With
//! `remember_widths`, column widths survive `flush` and only grow: `kubectl get -w` flushes
//! after every row, so rows printed after a wide value keep the wider column while rows already
//! printed stay as they were.
//!
//! Differences from Go, none observable with kubectl's settings: the escape character `0xff`
//! cannot occur in a Rust `&str`, so escaped segments are not supported, and the `FilterHTML`,
//! `StripEscape`, `AlignRight`, `DiscardEmptyColumns`, `TabIndent` and `Debug` flags (which
//! kubectl does not set) are omitted.

#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// Size in bytes.
    size: usize,
    /// Width in runes (`utf8.RuneCount`).
    width: usize,
    /// Terminated by a horizontal tab.
    htab: bool,
}

#[derive(Clone, Debug)]
pub struct TabWriter {
    minwidth: usize,
    tabwidth: usize,
    padding: usize,
    padchar: u8,
    remember_widths: bool,

    /// Collected text excluding tabs and line breaks.
    buf: Vec<u8>,
    /// Buffer position up to which `cell.width` has been computed.
    pos: usize,
    /// The current, incomplete cell.
    cell: Cell,
    lines: Vec<Vec<Cell>>,
    widths: Vec<usize>,
    maxwidths: Vec<usize>,

    /// Formatted output not yet taken by the caller.
    out: Vec<u8>,
}

impl Default for TabWriter {
    fn default() -> Self {
        TabWriter::kubectl()
    }
}

impl TabWriter {
    /// `tabwriter.NewWriter(output, minwidth, tabwidth, padding, padchar, flags)`.
    pub fn new(minwidth: usize, tabwidth: usize, padding: usize, padchar: u8, remember_widths: bool) -> TabWriter {
        let mut w = TabWriter {
            minwidth,
            tabwidth,
            padding,
            padchar,
            remember_widths,
            buf: Vec::new(),
            pos: 0,
            cell: Cell::default(),
            lines: Vec::new(),
            widths: Vec::new(),
            maxwidths: Vec::new(),
            out: Vec::new(),
        };
        w.reset();
        w
    }

    /// `printers.GetNewTabWriter`: the writer kubectl prints every table with.
    pub fn kubectl() -> TabWriter {
        TabWriter::new(6, 4, 3, b' ', true)
    }

    fn reset(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.lines.clear();
        self.widths.clear();
        self.lines.push(Vec::new());
    }

    /// `Writer.Write`: buffers text; a line holding a single cell (no tab) or a form feed
    /// flushes, as in Go.
    pub fn write(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut n = 0;
        for (i, &ch) in bytes.iter().enumerate() {
            match ch {
                b'\t' | 0x0b | b'\n' | 0x0c => {
                    self.append(&bytes[n..i]);
                    self.update_width();
                    n = i + 1;
                    let ncells = self.terminate_cell(ch == b'\t');
                    if ch == b'\n' || ch == 0x0c {
                        self.lines.push(Vec::new());
                        if ch == 0x0c || ncells == 1 {
                            self.flush();
                        }
                    }
                }
                _ => {}
            }
        }
        self.append(&bytes[n..]);
    }

    /// Writes `cells` joined by tabs and ended by a newline, as kubectl's table printer does.
    pub fn write_row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push('\t');
            }
            line.push_str(cell.as_ref());
        }
        line.push('\n');
        self.write(&line);
    }

    /// `Writer.Flush`: formats everything buffered into the output.
    pub fn flush(&mut self) {
        if self.cell.size > 0 {
            self.terminate_cell(false);
        }
        let lines = self.lines.len();
        self.format(0, 0, lines);
        self.reset();
    }

    /// Takes the formatted output produced so far (by `flush`, or by a flush inside `write`).
    pub fn take_output(&mut self) -> String {
        let out = std::mem::take(&mut self.out);
        match String::from_utf8(out) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    /// `flush` then `take_output`.
    pub fn flush_output(&mut self) -> String {
        self.flush();
        self.take_output()
    }

    /// `Writer.RememberedWidths`.
    pub fn remembered_widths(&self) -> Vec<usize> {
        self.maxwidths.clone()
    }

    /// `Writer.SetRememberedWidths` (kubectl passes `nil` between resource kinds).
    pub fn set_remembered_widths(&mut self, widths: Vec<usize>) {
        self.maxwidths = widths;
    }

    fn append(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.cell.size += text.len();
    }

    fn update_width(&mut self) {
        let added = &self.buf[self.pos..];
        // utf8.RuneCount; the buffer only ever holds whole UTF-8 sequences.
        self.cell.width += added.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        self.pos = self.buf.len();
    }

    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        let cell = std::mem::take(&mut self.cell);
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => {
                self.lines.push(vec![cell]);
                1
            }
        }
    }

    fn write_padding(&mut self, textw: usize, cellw: usize) {
        if self.padchar == b'\t' {
            if self.tabwidth == 0 {
                return;
            }
            let cellw = cellw.div_ceil(self.tabwidth) * self.tabwidth;
            let n = cellw.saturating_sub(textw);
            let tabs = n.div_ceil(self.tabwidth);
            self.out.extend(std::iter::repeat_n(b'\t', tabs));
            return;
        }
        let n = cellw.saturating_sub(textw);
        self.out.extend(std::iter::repeat_n(self.padchar, n));
    }

    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            for j in 0..self.lines[i].len() {
                let c = self.lines[i][j];
                if c.size > 0 {
                    let end = (pos + c.size).min(self.buf.len());
                    self.out.extend_from_slice(&self.buf[pos.min(end)..end]);
                    pos += c.size;
                }
                if j < self.widths.len() {
                    let w = self.widths[j];
                    self.write_padding(c.width, w);
                }
            }
            if i + 1 == self.lines.len() {
                // The last buffered line has no newline yet: write any outstanding data.
                let end = (pos + self.cell.size).min(self.buf.len());
                self.out.extend_from_slice(&self.buf[pos.min(end)..end]);
                pos += self.cell.size;
            } else {
                self.out.push(b'\n');
            }
        }
        pos
    }

    /// Formats lines `line0..line1` (buffer position `pos0` is the start of `line0`).
    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        let mut line0 = line0;
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if !has_column(&self.lines[this], column) {
                this += 1;
                continue;
            }
            // This line has a cell in this column: print the lines before the block.
            pos = self.write_lines(pos, line0, this);
            line0 = this;

            // Column block: contiguous lines with a cell in this column.
            let mut width = self.minwidth;
            while this < line1 {
                let line = &self.lines[this];
                if !has_column(line, column) {
                    break;
                }
                let c = line[column];
                width = width.max(c.width + self.padding);
                this += 1;
            }

            if self.remember_widths {
                if self.maxwidths.len() < self.widths.len() {
                    let from = self.maxwidths.len();
                    let rest: Vec<usize> = self.widths[from..].to_vec();
                    self.maxwidths.extend(rest);
                }
                let idx = self.widths.len();
                if self.maxwidths.len() == idx {
                    self.maxwidths.push(width);
                } else if self.maxwidths[idx] > width {
                    width = self.maxwidths[idx];
                } else if self.maxwidths[idx] < width {
                    self.maxwidths[idx] = width;
                }
            }

            // Format and print the columns to the right of this one.
            self.widths.push(width);
            pos = self.format(pos, line0, this);
            self.widths.pop();
            line0 = this;
        }
        self.write_lines(pos, line0, line1)
    }
}

/// Whether `line` has a tab-terminated cell at `column` (the last cell of a line is not part
/// of a column).
fn has_column(line: &[Cell], column: usize) -> bool {
    line.len() > column + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_and_leaves_the_last_unpadded() {
        let mut w = TabWriter::kubectl();
        w.write("NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n");
        w.write("web-0\t1/1\tRunning\t0\t5s\n");
        w.write("a\t0/1\tPending\t0\t0s\n");
        assert_eq!(
            w.flush_output(),
            "NAME    READY   STATUS    RESTARTS   AGE\n\
             web-0   1/1     Running   0          5s\n\
             a       0/1     Pending   0          0s\n"
        );
    }

    #[test]
    fn minimum_width_is_six_including_padding() {
        let mut w = TabWriter::kubectl();
        w.write("A\tB\n");
        w.write("x\ty\n");
        assert_eq!(w.flush_output(), "A     B\nx     y\n");
    }

    /// POD-10a: `kubectl get pods -w`, flushed after the initial list and after every event.
    #[test]
    fn remembered_widths_only_grow_across_flushes() {
        let mut w = TabWriter::kubectl();
        let mut out = String::new();
        w.write("NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n");
        w.write("web-0\t0/1\tPending\t0\t0s\n");
        out += &w.flush_output();
        for row in [
            "web-0\t0/1\tPending\t0\t0s\n",
            "web-0\t0/1\tContainerCreating\t0\t0s\n",
            "web-0\t1/1\tRunning\t0\t2s\n",
            "web-1\t0/1\tPending\t0\t0s\n",
        ] {
            w.write(row);
            out += &w.flush_output();
        }
        assert_eq!(
            out,
            "NAME    READY   STATUS    RESTARTS   AGE\n\
             web-0   0/1     Pending   0          0s\n\
             web-0   0/1     Pending   0          0s\n\
             web-0   0/1     ContainerCreating   0          0s\n\
             web-0   1/1     Running             0          2s\n\
             web-1   0/1     Pending             0          0s\n"
        );
    }

    #[test]
    fn resetting_remembered_widths_starts_a_new_table() {
        let mut w = TabWriter::kubectl();
        w.write("a-long-name\tx\n");
        w.flush();
        w.set_remembered_widths(Vec::new());
        w.write("b\ty\n");
        assert_eq!(w.flush_output(), "a-long-name   x\nb     y\n");
    }

    #[test]
    fn widths_count_runes_not_bytes() {
        let mut w = TabWriter::kubectl();
        w.write("héllo\tx\nab\ty\n");
        assert_eq!(w.flush_output(), "héllo   x\nab      y\n");
    }

    #[test]
    fn single_cell_lines_flush_immediately_and_end_columns() {
        let mut w = TabWriter::kubectl();
        w.write("aaaaaaaaaa\tb\n");
        w.write("plain line\n");
        // The single-cell line flushed the writer: the next block starts fresh, but
        // remembered widths still apply to column 0.
        assert_eq!(w.take_output(), "aaaaaaaaaa   b\nplain line\n");
        w.write("c\td\n");
        assert_eq!(w.flush_output(), "c            d\n");
    }

    #[test]
    fn empty_cells_are_padded() {
        let mut w = TabWriter::kubectl();
        w.write("NAME\tCLAIM\tAGE\npv1\t\t5s\n");
        assert_eq!(w.flush_output(), "NAME   CLAIM   AGE\npv1            5s\n");
    }

    #[test]
    fn go_text_tabwriter_example_without_remembering() {
        // From Go's text/tabwriter docs (ExampleWriter_Init, padchar '.', AlignRight off).
        let mut w = TabWriter::new(5, 0, 1, b'.', false);
        w.write("a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n");
        assert_eq!(w.flush_output(), "a....b....c\naa...bb...cc\naaa..\naaaa.dddd.eeee\n");
    }
}
