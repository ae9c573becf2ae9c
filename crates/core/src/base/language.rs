//! The languages of Sunaba's own words (`help`, the why notes, lessons): English and Japanese.
//! What kubectl and the AWS CLI print is never translated: learners meet it at work as it is.

/// A language a learner reads Sunaba's own words in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    #[default]
    En,
    Ja,
}

impl Language {
    /// `en` or `ja`, exactly (as `help --lang` takes it).
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "en" => Some(Language::En),
            "ja" => Some(Language::Ja),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ja => "ja",
        }
    }

    /// This language's text of an English/Japanese pair.
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Language::En => en,
            Language::Ja => ja,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for l in [Language::En, Language::Ja] {
            assert_eq!(Language::from_code(l.code()), Some(l));
        }
        assert_eq!(Language::from_code("JA"), None);
        assert_eq!(Language::En.pick("a", "b"), "a");
        assert_eq!(Language::Ja.pick("a", "b"), "b");
    }
}
