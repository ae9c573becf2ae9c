// Addresses from before the site had pages lead on to the page that shows them now:
// `index.html#lessons`, `#lesson=ID[&step=N]`, and share links `#share=…`.
const hash = location.hash;
const lesson = /^#lesson=([a-z0-9-]{1,63})(?:&step=([1-9][0-9]{0,3}))?$/.exec(hash);
let to = null;
if (hash === '#lessons') to = 'lessons/';
else if (lesson) to = `lessons/${lesson[1]}/${lesson[2] ? `#step=${lesson[2]}` : ''}`;
else if (hash.startsWith('#share=')) to = `playground/${hash}`;
if (to) location.replace(new URL(to, location.href).href);
