//! `ObjectMap<K, V>`: an ordered map of large objects, each value in its own `Box`.
//!
//! Behaves like `BTreeMap<K, V>` (same order, same methods for what the core uses), but stores
//! `BTreeMap<K, Box<V>>`. That is for the size of the Wasm bundle, not for speed: `BTreeMap`'s
//! node code (insert, split, merge, steal, remove, search, iterators) is compiled once per
//! (key, value) *type*, ≈ 12 kB of Wasm each, and a boxed value is one pointer whatever the
//! object, so the maps sharing a key type (the store's `Key` → Deployment, ReplicaSet,
//! Service, ConfigMap, Secret; ECS tasks and services by id) compile to identical functions,
//! which the optimiser merges into one copy. Only dropping and cloning stay per type.

use std::borrow::Borrow;
use std::collections::btree_map;
use std::collections::BTreeMap;
use std::ops::Index;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectMap<K, V>(BTreeMap<K, Box<V>>);

impl<K, V> Default for ObjectMap<K, V> {
    fn default() -> Self {
        ObjectMap(BTreeMap::new())
    }
}

/// `(&K, &Box<V>) → (&K, &V)` as a plain function, so the iterator types can be named.
/// (`&Box<V>` is the item type of the inner map's iterators, hence the allows.)
#[allow(clippy::borrowed_box)]
fn unbox<'a, K, V>((k, v): (&'a K, &'a Box<V>)) -> (&'a K, &'a V) {
    (k, v)
}

fn unbox_mut<'a, K, V>((k, v): (&'a K, &'a mut Box<V>)) -> (&'a K, &'a mut V) {
    (k, v)
}

#[allow(clippy::borrowed_box)]
fn unbox_value<V>(v: &Box<V>) -> &V {
    v
}

fn unbox_value_mut<V>(v: &mut Box<V>) -> &mut V {
    v
}

pub type Iter<'a, K, V> =
    std::iter::Map<btree_map::Iter<'a, K, Box<V>>, fn((&'a K, &'a Box<V>)) -> (&'a K, &'a V)>;
pub type IterMut<'a, K, V> = std::iter::Map<
    btree_map::IterMut<'a, K, Box<V>>,
    fn((&'a K, &'a mut Box<V>)) -> (&'a K, &'a mut V),
>;
pub type Values<'a, K, V> =
    std::iter::Map<btree_map::Values<'a, K, Box<V>>, fn(&'a Box<V>) -> &'a V>;
pub type ValuesMut<'a, K, V> =
    std::iter::Map<btree_map::ValuesMut<'a, K, Box<V>>, fn(&'a mut Box<V>) -> &'a mut V>;

impl<K: Ord, V> ObjectMap<K, V> {
    pub fn new() -> Self {
        ObjectMap(BTreeMap::new())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.0.get(key).map(|v| &**v)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.0.get_mut(key).map(|v| &mut **v)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.contains_key(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.0.insert(key, Box::new(value)).map(|v| *v)
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.0.remove(key).map(|v| *v)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain(|k, v| keep(k, v));
    }

    pub fn keys(&self) -> btree_map::Keys<'_, K, Box<V>> {
        self.0.keys()
    }

    pub fn values(&self) -> Values<'_, K, V> {
        self.0.values().map(unbox_value as fn(&Box<V>) -> &V)
    }

    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        self.0
            .values_mut()
            .map(unbox_value_mut as fn(&mut Box<V>) -> &mut V)
    }

    pub fn iter<'a>(&'a self) -> Iter<'a, K, V> {
        self.0
            .iter()
            .map(unbox as fn((&'a K, &'a Box<V>)) -> (&'a K, &'a V))
    }

    pub fn iter_mut<'a>(&'a mut self) -> IterMut<'a, K, V> {
        self.0
            .iter_mut()
            .map(unbox_mut as fn((&'a K, &'a mut Box<V>)) -> (&'a K, &'a mut V))
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> Index<&Q> for ObjectMap<K, V> {
    type Output = V;

    /// Like `BTreeMap`'s: panics if the key is absent (callers index only keys they hold).
    fn index(&self, key: &Q) -> &V {
        &self.0[key]
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a ObjectMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a mut ObjectMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for ObjectMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        ObjectMap(iter.into_iter().map(|(k, v)| (k, Box::new(v))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_btreemap() {
        let mut m: ObjectMap<(String, String), u32> = ObjectMap::new();
        let mut b: BTreeMap<(String, String), u32> = BTreeMap::new();
        for (i, name) in ["c", "a", "b", "a", "d"].iter().enumerate() {
            let k = ("ns".to_string(), name.to_string());
            assert_eq!(m.insert(k.clone(), i as u32), b.insert(k, i as u32));
        }
        let k = ("ns".to_string(), "b".to_string());
        assert_eq!(m.get(&k), b.get(&k));
        assert_eq!(m[&k], b[&k]);
        *m.get_mut(&k).unwrap() += 10;
        *b.get_mut(&k).unwrap() += 10;
        assert_eq!(m.remove(&("ns".into(), "c".into())), Some(0));
        b.remove(&("ns".to_string(), "c".to_string()));
        m.retain(|_, v| *v != 4);
        b.retain(|_, v| *v != 4);
        assert_eq!(m.len(), b.len());
        assert!(m.iter().eq(b.iter()));
        assert!(m.keys().eq(b.keys()));
        assert!(m.values().eq(b.values()));
        for v in m.values_mut() {
            *v += 1;
        }
        assert_eq!(m.values().copied().collect::<Vec<_>>(), vec![4, 13]);
    }
}
