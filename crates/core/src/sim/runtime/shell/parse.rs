//! The POSIX shell subset busybox `sh` scripts in manifests use, read into a tree: lists
//! (`;`, newlines, `&`), `&&`/`||`, `!`, pipelines, `if`/`while`/`until`/`for`/`case`,
//! `{ …; }`, `( … )`, words with their quoting, `$VAR`/`${VAR:-x}`/`$(…)`/backticks/`$((…))`,
//! and redirections. Recursive descent over the characters; nesting and size are bounded.

/// The deepest nesting of compound commands and substitutions a script may have.
const NESTING_MAX: usize = 32;
/// The longest script read (bytes).
pub const SCRIPT_BYTES_MAX: usize = 16 * 1024;

/// One piece of a word, after quote removal; `quoted` pieces are not field-split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Lit {
        text: String,
        quoted: bool,
    },
    Var {
        name: String,
        op: VarOp,
        quoted: bool,
    },
    Sub {
        cmd: Box<Cmd>,
        quoted: bool,
    },
    Arith {
        expr: String,
        quoted: bool,
    },
}

/// What `${NAME…}` does when `NAME` is unset or empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarOp {
    Plain,
    /// `${X:-word}` (`colon`: also when empty) and `${X-word}`.
    Default {
        word: Vec<Part>,
        colon: bool,
    },
    /// `${X:=word}`.
    Assign {
        word: Vec<Part>,
        colon: bool,
    },
    /// `${X:+word}`.
    Alternative {
        word: Vec<Part>,
        colon: bool,
    },
    /// `${#X}`.
    Length,
}

pub type Word = Vec<Part>;

/// A redirection: `N>file`, `N>>file`, `N<file`, `N>&M`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redir {
    Out { fd: u8, target: Word, append: bool },
    In { target: Word },
    Dup { fd: u8, to: u8 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cmd {
    Simple {
        assigns: Vec<(String, Word)>,
        words: Vec<Word>,
        redirs: Vec<Redir>,
    },
    Pipeline {
        cmds: Vec<Cmd>,
        negate: bool,
    },
    And(Box<Cmd>, Box<Cmd>),
    Or(Box<Cmd>, Box<Cmd>),
    List(Vec<Cmd>),
    If {
        branches: Vec<(Cmd, Cmd)>,
        otherwise: Option<Box<Cmd>>,
    },
    Loop {
        cond: Box<Cmd>,
        body: Box<Cmd>,
        until: bool,
    },
    For {
        var: String,
        items: Option<Vec<Word>>,
        body: Box<Cmd>,
    },
    Case {
        word: Word,
        arms: Vec<(Vec<Word>, Cmd)>,
    },
    Group {
        body: Box<Cmd>,
        subshell: bool,
        redirs: Vec<Redir>,
    },
}

/// Reads a whole script. Errors are busybox's words (`sh: syntax error: unexpected "fi"`).
pub fn parse(script: &str) -> Result<Cmd, String> {
    if script.len() > SCRIPT_BYTES_MAX {
        return Err(format!(
            "sh: script too long ({} bytes, at most {SCRIPT_BYTES_MAX})",
            script.len()
        ));
    }
    let mut p = Parser {
        s: script.chars().collect(),
        i: 0,
        depth: 0,
    };
    let list = p.list(&[])?;
    p.skip_blank_lines();
    match p.peek() {
        None => Ok(list),
        Some(_) => Err(p.unexpected()),
    }
}

struct Parser {
    s: Vec<char>,
    i: usize,
    depth: usize,
}

const RESERVED_ENDS: &[&str] = &[
    "then", "elif", "else", "fi", "do", "done", "esac", "}", ")", ";;",
];

impl Parser {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.s.get(self.i + n).copied()
    }

    fn starts(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(n, c)| self.peek_at(n) == Some(c))
    }

    /// Skips spaces, tabs, line continuations and comments (not newlines).
    fn skip_space(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.i += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.i += 2,
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.i += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_space();
            if self.peek() == Some('\n') {
                self.i += 1;
            } else {
                return;
            }
        }
    }

    /// The next bare word, if it is one (for reserved words), without consuming it.
    fn next_bare(&mut self) -> Option<String> {
        self.skip_space();
        if self.starts(";;") {
            return Some(";;".into());
        }
        let mut n = 0;
        let mut w = String::new();
        while let Some(c) = self.peek_at(n) {
            if c.is_whitespace() || ";&|<>()".contains(c) {
                if w.is_empty() && (c == ')' || c == '(') {
                    w.push(c);
                }
                break;
            }
            if "'\"\\$`".contains(c) {
                return None;
            }
            w.push(c);
            n += 1;
        }
        (!w.is_empty()).then_some(w)
    }

    fn at_reserved(&mut self, words: &[&str]) -> bool {
        self.next_bare()
            .is_some_and(|w| words.contains(&w.as_str()))
    }

    fn expect_word(&mut self, word: &str) -> Result<(), String> {
        if self.next_bare().as_deref() == Some(word) {
            self.i += word.chars().count();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn unexpected(&mut self) -> String {
        match self.next_bare() {
            Some(w) => format!("sh: syntax error: unexpected \"{w}\""),
            None if self.peek().is_none() => "sh: syntax error: unexpected end of file".into(),
            None => format!(
                "sh: syntax error: unexpected \"{}\"",
                self.peek().unwrap_or(' ')
            ),
        }
    }

    fn deeper(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > NESTING_MAX {
            return Err(format!("sh: nesting deeper than {NESTING_MAX} levels"));
        }
        Ok(())
    }

    /// A list of and-or commands separated by `;`, `&` or newlines, up to one of `ends`
    /// (reserved words or `)`), which is left unread.
    fn list(&mut self, ends: &[&str]) -> Result<Cmd, String> {
        self.deeper()?;
        let mut cmds = Vec::new();
        loop {
            self.skip_blank_lines();
            match self.peek() {
                None => break,
                Some(')') if ends.contains(&")") => break,
                _ => {}
            }
            if self.at_reserved(RESERVED_ENDS) {
                break;
            }
            cmds.push(self.and_or()?);
            self.skip_space();
            match self.peek() {
                Some(';') if self.peek_at(1) != Some(';') => self.i += 1,
                Some('&') => self.i += 1,
                Some('\n') => self.i += 1,
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(if cmds.len() == 1 {
            cmds.remove(0)
        } else {
            Cmd::List(cmds)
        })
    }

    /// A list that must not be empty (the body of a compound command).
    fn body(&mut self, ends: &[&str]) -> Result<Cmd, String> {
        let start = self.i;
        let list = self.list(ends)?;
        if list == Cmd::List(Vec::new()) {
            self.i = start;
            return Err(self.unexpected());
        }
        Ok(list)
    }

    fn and_or(&mut self) -> Result<Cmd, String> {
        let mut left = self.pipeline()?;
        loop {
            self.skip_space();
            let and = if self.starts("&&") {
                true
            } else if self.starts("||") {
                false
            } else {
                return Ok(left);
            };
            self.i += 2;
            self.skip_blank_lines();
            let right = self.pipeline()?;
            left = if and {
                Cmd::And(Box::new(left), Box::new(right))
            } else {
                Cmd::Or(Box::new(left), Box::new(right))
            };
        }
    }

    fn pipeline(&mut self) -> Result<Cmd, String> {
        let negate = if self.next_bare().as_deref() == Some("!") {
            self.i += 1;
            true
        } else {
            false
        };
        let mut cmds = vec![self.command()?];
        loop {
            self.skip_space();
            if self.peek() == Some('|') && self.peek_at(1) != Some('|') {
                self.i += 1;
                self.skip_blank_lines();
                cmds.push(self.command()?);
            } else {
                break;
            }
        }
        Ok(if cmds.len() == 1 && !negate {
            cmds.remove(0)
        } else {
            Cmd::Pipeline { cmds, negate }
        })
    }

    fn command(&mut self) -> Result<Cmd, String> {
        self.skip_space();
        if self.peek() == Some('(') {
            self.i += 1;
            let body = self.body(&[")"])?;
            self.skip_blank_lines();
            if self.peek() != Some(')') {
                return Err(self.unexpected());
            }
            self.i += 1;
            let redirs = self.redirections()?;
            return Ok(Cmd::Group {
                body: Box::new(body),
                subshell: true,
                redirs,
            });
        }
        match self.next_bare().as_deref() {
            Some("{") => {
                self.i += 1;
                let body = self.body(&[])?;
                self.expect_word("}")?;
                let redirs = self.redirections()?;
                Ok(Cmd::Group {
                    body: Box::new(body),
                    subshell: false,
                    redirs,
                })
            }
            Some("if") => self.if_clause(),
            Some(w @ ("while" | "until")) => {
                let until = w == "until";
                self.i += w.len();
                let cond = self.body(&[])?;
                self.expect_word("do")?;
                let body = self.body(&[])?;
                self.expect_word("done")?;
                Ok(Cmd::Loop {
                    cond: Box::new(cond),
                    body: Box::new(body),
                    until,
                })
            }
            Some("for") => self.for_clause(),
            Some("case") => self.case_clause(),
            Some(w) if RESERVED_ENDS.contains(&w) => Err(self.unexpected()),
            _ => self.simple(),
        }
    }

    fn if_clause(&mut self) -> Result<Cmd, String> {
        self.expect_word("if")?;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.body(&[])?;
            self.expect_word("then")?;
            let then = self.body(&[])?;
            branches.push((cond, then));
            match self.next_bare().as_deref() {
                Some("elif") => self.i += 4,
                Some("else") => {
                    self.i += 4;
                    otherwise = Some(Box::new(self.body(&[])?));
                    self.expect_word("fi")?;
                    break;
                }
                _ => {
                    self.expect_word("fi")?;
                    break;
                }
            }
        }
        Ok(Cmd::If {
            branches,
            otherwise,
        })
    }

    fn for_clause(&mut self) -> Result<Cmd, String> {
        self.expect_word("for")?;
        let var = self.next_bare().ok_or_else(|| self.unexpected())?;
        if !is_name(&var) {
            return Err("sh: syntax error: bad for loop variable".into());
        }
        self.i += var.len();
        self.skip_blank_lines();
        let items = if self.next_bare().as_deref() == Some("in") {
            self.i += 2;
            let mut items = Vec::new();
            loop {
                self.skip_space();
                match self.peek() {
                    Some(';' | '\n') => {
                        self.i += 1;
                        break;
                    }
                    None => break,
                    _ => items.push(self.word()?.ok_or_else(|| self.unexpected())?),
                }
            }
            Some(items)
        } else {
            self.skip_space();
            if self.peek() == Some(';') {
                self.i += 1;
            }
            None
        };
        self.skip_blank_lines();
        self.expect_word("do")?;
        let body = self.body(&[])?;
        self.expect_word("done")?;
        Ok(Cmd::For {
            var,
            items,
            body: Box::new(body),
        })
    }

    fn case_clause(&mut self) -> Result<Cmd, String> {
        self.expect_word("case")?;
        self.skip_space();
        let word = self.word()?.ok_or_else(|| self.unexpected())?;
        self.skip_blank_lines();
        self.expect_word("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_blank_lines();
            if self.next_bare().as_deref() == Some("esac") {
                self.i += 4;
                break;
            }
            if self.peek() == Some('(') {
                self.i += 1;
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_space();
                patterns.push(self.word()?.ok_or_else(|| self.unexpected())?);
                self.skip_space();
                match self.peek() {
                    Some('|') => self.i += 1,
                    Some(')') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(self.unexpected()),
                }
            }
            let body = self.list(&[])?;
            arms.push((patterns, body));
            self.skip_blank_lines();
            if self.starts(";;") {
                self.i += 2;
            } else if self.next_bare().as_deref() != Some("esac") {
                return Err(self.unexpected());
            }
            if arms.len() > 256 {
                return Err("sh: too many case patterns".into());
            }
        }
        Ok(Cmd::Case { word, arms })
    }

    fn redirections(&mut self) -> Result<Vec<Redir>, String> {
        let mut redirs = Vec::new();
        while let Some(r) = self.redirection()? {
            redirs.push(r);
        }
        Ok(redirs)
    }

    /// `[N]>word`, `[N]>>word`, `<word`, `[N]>&M`, `&>word` (bash's both-streams form).
    fn redirection(&mut self) -> Result<Option<Redir>, String> {
        self.skip_space();
        let start = self.i;
        let mut fd = None;
        if let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            if matches!(self.peek_at(1), Some('>' | '<')) {
                fd = Some(d as u8);
                self.i += 1;
            }
        }
        let op = if self.starts(">>") {
            ">>"
        } else if self.starts(">&") {
            ">&"
        } else if self.starts("&>") && fd.is_none() {
            "&>"
        } else if self.starts(">") {
            ">"
        } else if self.starts("<") {
            "<"
        } else {
            self.i = start;
            return Ok(None);
        };
        self.i += op.len();
        self.skip_space();
        if op == ">&" {
            if let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                self.i += 1;
                return Ok(Some(Redir::Dup {
                    fd: fd.unwrap_or(1),
                    to: d as u8,
                }));
            }
        }
        let target = self.word()?.ok_or_else(|| self.unexpected())?;
        Ok(Some(match op {
            "<" => Redir::In { target },
            ">>" => Redir::Out {
                fd: fd.unwrap_or(1),
                target,
                append: true,
            },
            // `&>file` and `>&file`: both streams to the file (stderr follows stdout).
            _ => Redir::Out {
                fd: if op == ">" { fd.unwrap_or(1) } else { 3 },
                target,
                append: false,
            },
        }))
    }

    fn simple(&mut self) -> Result<Cmd, String> {
        let mut assigns = Vec::new();
        let mut words = Vec::new();
        let mut redirs = Vec::new();
        loop {
            if let Some(r) = self.redirection()? {
                redirs.push(r);
                continue;
            }
            self.skip_space();
            if words.is_empty() {
                if let Some((name, len)) = self.assignment_name() {
                    self.i += len + 1;
                    let value = self.word()?.unwrap_or_default();
                    assigns.push((name, value));
                    continue;
                }
            }
            match self.word()? {
                Some(w) => words.push(w),
                None => break,
            }
            if words.len() > 4096 {
                return Err("sh: too many words in one command".into());
            }
        }
        if words.is_empty() && assigns.is_empty() && redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Cmd::Simple {
            assigns,
            words,
            redirs,
        })
    }

    /// `NAME=` at the cursor: the name and its length.
    fn assignment_name(&self) -> Option<(String, usize)> {
        let mut name = String::new();
        let mut n = 0;
        while let Some(c) = self.peek_at(n) {
            if c == '=' {
                return is_name(&name).then_some((name, n));
            }
            if !(c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            name.push(c);
            n += 1;
        }
        None
    }

    /// One word (none at an operator, a newline or the end).
    fn word(&mut self) -> Result<Option<Word>, String> {
        let mut parts: Vec<Part> = Vec::new();
        let mut lit = String::new();
        let mut any = false;
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' => break,
                '\'' => {
                    self.i += 1;
                    let mut text = String::new();
                    loop {
                        match self.peek() {
                            None => {
                                return Err("sh: syntax error: unterminated quoted string".into())
                            }
                            Some('\'') => break,
                            Some(c) => text.push(c),
                        }
                        self.i += 1;
                    }
                    self.i += 1;
                    flush(&mut parts, &mut lit, false);
                    parts.push(Part::Lit { text, quoted: true });
                }
                '"' => {
                    self.i += 1;
                    flush(&mut parts, &mut lit, false);
                    // An empty "" is still a word.
                    parts.push(Part::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                    self.double_quoted(&mut parts)?;
                }
                '\\' => {
                    self.i += 1;
                    match self.peek() {
                        Some('\n') => {}
                        Some(c) => {
                            flush(&mut parts, &mut lit, false);
                            parts.push(Part::Lit {
                                text: c.to_string(),
                                quoted: true,
                            });
                        }
                        None => lit.push('\\'),
                    }
                    self.i += 1;
                }
                '$' | '`' => {
                    flush(&mut parts, &mut lit, false);
                    match self.dollar(false)? {
                        Some(p) => parts.push(p),
                        None => lit.push('$'),
                    }
                }
                c => {
                    lit.push(c);
                    self.i += 1;
                }
            }
            any = true;
        }
        flush(&mut parts, &mut lit, false);
        Ok(any.then_some(parts))
    }

    /// The inside of `"…"`, after its opening quote, through its closing one.
    fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<(), String> {
        let mut lit = String::new();
        loop {
            match self.peek() {
                None => return Err("sh: syntax error: unterminated quoted string".into()),
                Some('"') => {
                    self.i += 1;
                    break;
                }
                Some('\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(c @ ('$' | '`' | '"' | '\\')) => lit.push(c),
                        Some('\n') => {}
                        Some(c) => {
                            lit.push('\\');
                            lit.push(c);
                        }
                        None => lit.push('\\'),
                    }
                    self.i += 1;
                }
                Some('$' | '`') => {
                    flush(parts, &mut lit, true);
                    match self.dollar(true)? {
                        Some(p) => parts.push(p),
                        None => lit.push('$'),
                    }
                }
                Some(c) => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
        flush(parts, &mut lit, true);
        Ok(())
    }

    /// An expansion at `$` or a backtick; `None` for a lone `$` (read as itself).
    fn dollar(&mut self, quoted: bool) -> Result<Option<Part>, String> {
        if self.peek() == Some('`') {
            self.i += 1;
            let mut inner = String::new();
            loop {
                match self.peek() {
                    None => return Err("sh: syntax error: unterminated `".into()),
                    Some('`') => break,
                    Some('\\') if matches!(self.peek_at(1), Some('`' | '\\' | '$')) => {
                        inner.push(self.peek_at(1).unwrap_or('\\'));
                        self.i += 1;
                    }
                    Some(c) => inner.push(c),
                }
                self.i += 1;
            }
            self.i += 1;
            self.deeper()?;
            let cmd = parse(&inner)?;
            self.depth -= 1;
            return Ok(Some(Part::Sub {
                cmd: Box::new(cmd),
                quoted,
            }));
        }
        self.i += 1; // `$`
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                self.i += 2;
                let mut expr = String::new();
                let mut open = 0usize;
                loop {
                    match self.peek() {
                        None => return Err("sh: syntax error: unterminated $((".into()),
                        Some(')') if open == 0 && self.peek_at(1) == Some(')') => break,
                        Some(c) => {
                            if c == '(' {
                                open += 1;
                            } else if c == ')' {
                                open = open.saturating_sub(1);
                            }
                            expr.push(c);
                        }
                    }
                    self.i += 1;
                }
                self.i += 2;
                Ok(Some(Part::Arith { expr, quoted }))
            }
            Some('(') => {
                self.i += 1;
                self.deeper()?;
                let cmd = self.list(&[")"])?;
                self.depth -= 1;
                self.skip_blank_lines();
                if self.peek() != Some(')') {
                    return Err(self.unexpected());
                }
                self.i += 1;
                Ok(Some(Part::Sub {
                    cmd: Box::new(cmd),
                    quoted,
                }))
            }
            Some('{') => {
                self.i += 1;
                self.braced(quoted).map(Some)
            }
            Some(c) if "?$#!@*-0123456789".contains(c) => {
                self.i += 1;
                Ok(Some(Part::Var {
                    name: c.to_string(),
                    op: VarOp::Plain,
                    quoted,
                }))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self
                    .peek()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    name.push(c);
                    self.i += 1;
                }
                Ok(Some(Part::Var {
                    name,
                    op: VarOp::Plain,
                    quoted,
                }))
            }
            _ => Ok(None),
        }
    }

    /// `${…}` after its `{`.
    fn braced(&mut self, quoted: bool) -> Result<Part, String> {
        let length = self.peek() == Some('#') && self.peek_at(1) != Some('}');
        if length {
            self.i += 1;
        }
        let mut name = String::new();
        while let Some(c) = self.peek().filter(|c| {
            c.is_ascii_alphanumeric() || *c == '_' || (name.is_empty() && "?$#!@*".contains(*c))
        }) {
            name.push(c);
            self.i += 1;
            if !(c.is_ascii_alphanumeric() || c == '_') {
                break;
            }
        }
        if name.is_empty() {
            return Err("sh: syntax error: bad substitution".into());
        }
        if length {
            if self.peek() != Some('}') {
                return Err("sh: syntax error: bad substitution".into());
            }
            self.i += 1;
            return Ok(Part::Var {
                name,
                op: VarOp::Length,
                quoted,
            });
        }
        let colon = self.peek() == Some(':');
        if colon {
            self.i += 1;
        }
        let kind = match self.peek() {
            Some('}') if !colon => {
                self.i += 1;
                return Ok(Part::Var {
                    name,
                    op: VarOp::Plain,
                    quoted,
                });
            }
            Some(c @ ('-' | '=' | '+')) => c,
            _ => return Err("sh: syntax error: bad substitution".into()),
        };
        self.i += 1;
        // The word runs to the matching `}`, with the quoting of a word inside double quotes.
        let mut word = Vec::new();
        let mut lit = String::new();
        loop {
            match self.peek() {
                None => return Err("sh: syntax error: bad substitution".into()),
                Some('}') => {
                    self.i += 1;
                    break;
                }
                Some('$' | '`') => {
                    flush(&mut word, &mut lit, quoted);
                    match self.dollar(quoted)? {
                        Some(p) => word.push(p),
                        None => lit.push('$'),
                    }
                }
                Some('"') => {
                    self.i += 1;
                    flush(&mut word, &mut lit, quoted);
                    self.double_quoted(&mut word)?;
                }
                Some('\'') => {
                    self.i += 1;
                    while let Some(c) = self.peek().filter(|c| *c != '\'') {
                        lit.push(c);
                        self.i += 1;
                    }
                    self.i += 1;
                }
                Some(c) => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
        flush(&mut word, &mut lit, quoted);
        let op = match kind {
            '-' => VarOp::Default { word, colon },
            '=' => VarOp::Assign { word, colon },
            _ => VarOp::Alternative { word, colon },
        };
        Ok(Part::Var { name, op, quoted })
    }
}

fn flush(parts: &mut Vec<Part>, lit: &mut String, quoted: bool) {
    if !lit.is_empty() {
        parts.push(Part::Lit {
            text: std::mem::take(lit),
            quoted,
        });
    }
}

pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
