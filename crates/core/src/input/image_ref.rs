//! Image references (`nginx:1.14.2`, `123456789012.dkr.ecr.REGION.amazonaws.com/shop:1.0`),
//! split and normalised the way container runtimes do it. Pure text: which images exist is the
//! registry's business ([`crate::sim::registry`]).

/// An image reference split the way container runtimes normalise it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImageRef {
    /// `docker.io`, `ghcr.io`, `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com`…
    pub registry: String,
    /// `library/nginx`
    pub repository: String,
    /// `1.14.2` (`latest` when omitted).
    pub tag: String,
    /// Whether the learner wrote a tag.
    pub explicit_tag: bool,
}

impl ImageRef {
    pub fn parse(image: &str) -> ImageRef {
        let (name, tag, explicit_tag) = match image.rsplit_once(':') {
            Some((n, t)) if !t.contains('/') => (n, t.to_string(), true),
            _ => (image, "latest".to_string(), false),
        };
        let name = name.split('@').next().unwrap_or(name);
        let (registry, repository) = match name.split_once('/') {
            Some((first, rest))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_string(), rest.to_string())
            }
            Some(_) => ("docker.io".to_string(), name.to_string()),
            None => ("docker.io".to_string(), format!("library/{name}")),
        };
        ImageRef {
            registry,
            repository,
            tag,
            explicit_tag,
        }
    }

    /// `docker.io/library/nginx:1.14.2`, as containerd names it in errors.
    pub fn canonical(&self) -> String {
        format!("{}/{}:{}", self.registry, self.repository, self.tag)
    }
}
