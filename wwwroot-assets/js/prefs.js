// Small per-browser preferences (column choice and the like), kept in localStorage as JSON.
export function getJson(key) {
  try {
    const value = window.localStorage.getItem(key);
    return value === null ? null : JSON.parse(value);
  } catch {
    return null;
  }
}

export function setJson(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage may be full or disabled; the preference then lasts for the page only.
  }
}
