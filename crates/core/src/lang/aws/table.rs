//! `--output table` (`awscli/formatter.py`'s `TableFormatter` over `awscli/table.py`'s
//! `MultiTable`): the operation's name as the first title, a section per nested dict or list
//! (indented one `|` per level), scalar keys as sorted column headers, a one-row section turned
//! vertical when the whole is wider than the 80-column terminal the CLI assumes off a TTY.

use serde_json::Value;

const TERMINAL_WIDTH: usize = 80;

#[derive(Default, Clone)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|c| width(c)).collect();
        } else {
            for (i, c) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(width(c));
                }
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }

    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max) = max_width else {
            return unscaled;
        };
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let factor = max as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| round_half_even(factor * w as f64))
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max as i64;
        // Bounded: each pass moves off_by one step per column toward zero.
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let cols: usize = self.column_widths(0, None).iter().map(|w| w + 4).sum();
        let total = cols + 2 + 2 * self.indent;
        total.max(width(&self.title) + 2 + 2 * self.indent)
    }
}

/// Python's `round()`: halves go to the even neighbour.
fn round_half_even(x: f64) -> i64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 && (r as i64) % 2 != 0 {
        (r - x.signum()) as i64
    } else {
        r as i64
    }
}

/// Display width: East Asian wide characters count two, as the CLI's `get_text_length`.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// Falsy as Python sees it: nothing is printed for an empty answer.
fn falsy(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

struct Builder {
    sections: Vec<Section>,
}

impl Builder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: title.to_string(),
            indent,
            ..Section::default()
        });
    }

    fn build(&mut self, title: Option<&str>, current: &Value, indent: usize, depth: usize) -> bool {
        if falsy(current) || depth > 64 {
            return false;
        }
        if let Some(t) = title {
            self.new_section(t, indent);
        }
        match current {
            Value::Array(items) => {
                if items.first().is_some_and(Value::is_object) {
                    self.sub_table_from_list(items, indent, title.unwrap_or(""), depth);
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                let row = inner.iter().map(py_str).collect();
                                self.current().add_row(row);
                            }
                            s if is_scalar(s) => self.current().add_row(vec![py_str(s)]),
                            other => {
                                self.build(None, other, 0, depth + 1);
                            }
                        }
                    }
                }
            }
            Value::Object(_) => self.sub_table_from_dict(current, indent, depth),
            _ => {}
        }
        true
    }

    fn sub_table_from_dict(&mut self, current: &Value, indent: usize, depth: usize) {
        let Value::Object(m) = current else { return };
        let (headers, more) = group(m);
        if headers.len() == 1 {
            let h = headers[0].clone();
            self.current().add_row(vec![h.clone(), py_str(&m[&h])]);
        } else if !headers.is_empty() {
            let row = headers.iter().map(|h| py_str(&m[h])).collect();
            self.current().add_header(headers);
            self.current().add_row(row);
        }
        for k in more {
            self.build(Some(&k), &m[&k], indent + 1, depth + 1);
        }
    }

    fn sub_table_from_list(&mut self, items: &[Value], indent: usize, title: &str, depth: usize) {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items {
            if let Value::Object(m) = item {
                let (h, n) = group(m);
                for k in h {
                    if !headers.contains(&k) {
                        headers.push(k);
                    }
                }
                for k in n {
                    if !more.contains(&k) {
                        more.push(k);
                    }
                }
            }
        }
        headers.sort();
        more.sort();
        self.current().add_header(headers.clone());
        let mut first = true;
        for item in items {
            if !first && !more.is_empty() {
                self.new_section(title, indent);
                self.current().add_header(headers.clone());
            }
            first = false;
            let m = item.as_object();
            let row = headers
                .iter()
                .map(|h| m.and_then(|m| m.get(h)).map(py_str).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for k in &more {
                if let Some(v) = m.and_then(|m| m.get(k)) {
                    self.build(Some(k), v, indent + 1, depth + 1);
                }
            }
        }
    }
}

fn group(m: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers: Vec<String> = Vec::new();
    let mut more: Vec<String> = Vec::new();
    for (k, v) in m {
        if is_scalar(v) {
            headers.push(k.clone());
        } else {
            more.push(k.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    let tl = width(text) as i64;
    let start = (length as i64 / 2 - tl / 2 - 1).max(0) as usize;
    let so_far = width(left) + start + tl as usize;
    let right_spaces = (length as i64 - width(right) as i64 - so_far as i64).max(0) as usize;
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(start),
        " ".repeat(right_spaces)
    )
}

fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let tl = width(text);
    let computed = tl + 2 + width(left) + width(right);
    let padding = if length >= computed { 2 } else { 0 };
    let so_far = left.len() + padding + tl;
    let fill = length.saturating_sub(so_far + right.len());
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(padding),
        " ".repeat(fill)
    )
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

/// The whole table for `operation`'s answer; empty for an empty answer.
pub(crate) fn table(operation: &str, v: &Value) -> String {
    let mut b = Builder {
        sections: Vec::new(),
    };
    if !b.build(Some(operation), v, 0, 0) {
        return String::new();
    }
    let mut sections = b.sections;
    let max_of = |s: &[Section]| s.iter().map(Section::total_width).max().unwrap_or(0);
    let mut max_width = max_of(&sections);
    if max_width > TERMINAL_WIDTH {
        for s in sections.iter_mut() {
            if s.rows.len() == 1 && !s.headers.is_empty() {
                let mut vertical = Section {
                    title: s.title.clone(),
                    indent: s.indent,
                    ..Section::default()
                };
                for (h, e) in s.headers.iter().zip(s.rows[0].iter()) {
                    vertical.add_row(vec![h.clone(), e.clone()]);
                }
                *s = vertical;
            }
        }
        max_width = max_of(&sections);
    }
    let mut out = format!("{}\n", "-".repeat(max_width));
    for s in &sections {
        let indent = "|".repeat(s.indent);
        let mut line = |text: String| {
            out.push_str(&indent);
            out.push_str(&text);
            out.push_str(&indent);
            out.push('\n');
        };
        let inner = max_width.saturating_sub(s.indent * 2);
        if !s.title.is_empty() {
            line(center(&s.title, inner, "|", "|"));
            if s.headers.is_empty() && s.rows.is_empty() {
                line(format!("+{}+", "-".repeat(inner.saturating_sub(2))));
            }
        }
        let widths = s.column_widths(4, Some(inner));
        if !s.headers.is_empty() {
            let mut cur = String::new();
            for (i, (w, h)) in widths.iter().zip(s.headers.iter()).enumerate() {
                cur.push_str(&center(h, *w, if i == 0 { "|" } else { "" }, "|"));
            }
            line(line_break(&widths));
            line(cur);
        }
        if !s.rows.is_empty() && !widths.is_empty() {
            line(line_break(&widths));
            for row in &s.rows {
                let mut cur = String::new();
                for (i, (w, e)) in widths.iter().zip(row.iter()).enumerate() {
                    cur.push_str(&align_left(e, *w, if i == 0 { "|" } else { "" }, "|"));
                }
                line(cur);
            }
            line(line_break(&widths));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_of_arns_is_one_titled_section() {
        let got = table(
            "ListClusters",
            &json!({"clusterArns": ["arn:aws:ecs:us-east-1:123456789012:cluster/default"]}),
        );
        let want = "\
----------------------------------------------------------
|                      ListClusters                      |
+--------------------------------------------------------+
||                      clusterArns                     ||
|+------------------------------------------------------+|
||  arn:aws:ecs:us-east-1:123456789012:cluster/default  ||
|+------------------------------------------------------+|
";
        assert_eq!(got, want);
    }

    #[test]
    fn scalar_keys_are_sorted_headers() {
        let got = table("X", &json!({"b": 1, "a": "x"}));
        assert_eq!(
            got,
            "------------\n|     X    |\n+----+-----+\n|  a |  b  |\n+----+-----+\n|  x |  1  |\n+----+-----+\n"
        );
        assert_eq!(table("X", &json!({})), "");
    }
}
