//! `$((…))`: shell arithmetic on 64-bit integers, after the variables are replaced.

/// `$((…))` after variables are replaced: integers, `+ - * / %`, comparisons, parentheses.
pub fn arith(expr: &str) -> Result<i64, String> {
    let tokens: Vec<char> = expr.chars().filter(|c| !c.is_whitespace()).collect();
    let mut p = Arith {
        t: &tokens,
        i: 0,
        depth: 0,
    };
    let v = p.compare()?;
    if p.i != tokens.len() {
        return Err(expr.trim().to_string());
    }
    Ok(v)
}

struct Arith<'a> {
    t: &'a [char],
    i: usize,
    depth: usize,
}

impl Arith<'_> {
    fn peek(&self) -> Option<char> {
        self.t.get(self.i).copied()
    }

    fn compare(&mut self) -> Result<i64, String> {
        let left = self.sum()?;
        let ops = ["==", "!=", "<=", ">=", "<", ">"];
        for op in ops {
            if op
                .chars()
                .enumerate()
                .all(|(n, c)| self.t.get(self.i + n) == Some(&c))
            {
                self.i += op.len();
                let right = self.sum()?;
                return Ok(i64::from(match op {
                    "==" => left == right,
                    "!=" => left != right,
                    "<=" => left <= right,
                    ">=" => left >= right,
                    "<" => left < right,
                    _ => left > right,
                }));
            }
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<i64, String> {
        let mut v = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.i += 1;
            let r = self.product()?;
            v = if op == '+' {
                v.wrapping_add(r)
            } else {
                v.wrapping_sub(r)
            };
        }
        Ok(v)
    }

    fn product(&mut self) -> Result<i64, String> {
        let mut v = self.atom()?;
        while let Some(op @ ('*' | '/' | '%')) = self.peek() {
            self.i += 1;
            let r = self.atom()?;
            v = match op {
                '*' => v.wrapping_mul(r),
                _ if r == 0 => return Err("divide by zero".into()),
                '/' => v.wrapping_div(r),
                _ => v.wrapping_rem(r),
            };
        }
        Ok(v)
    }

    fn atom(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("nesting too deep".into());
        }
        let v = match self.peek() {
            Some('(') => {
                self.i += 1;
                let v = self.compare()?;
                if self.peek() != Some(')') {
                    return Err("missing )".into());
                }
                self.i += 1;
                v
            }
            Some('-') => {
                self.i += 1;
                self.atom()?.wrapping_neg()
            }
            Some('+') => {
                self.i += 1;
                self.atom()?
            }
            Some(c) if c.is_ascii_digit() => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let digits: String = self.t[start..self.i].iter().collect();
                digits.parse().map_err(|_| digits.clone())?
            }
            _ => return Err("syntax error".into()),
        };
        self.depth -= 1;
        Ok(v)
    }
}
