// The reader's token (careerstream.http.token), asked for once and kept in sessionStorage: it lasts
// as long as the tab, is not sent to any other site, and is gone when the tab closes. Every request
// that needs it sends it as Authorization: Bearer.

const KEY = 'careerstream.token';

export function storedToken() {
  try {
    return sessionStorage.getItem(KEY) || null;
  } catch (e) {
    return null; // storage refused (a private window's settings): the token lives in the page only
  }
}

export function storeToken(token) {
  try {
    if (token) {
      sessionStorage.setItem(KEY, token);
    } else {
      sessionStorage.removeItem(KEY);
    }
  } catch (e) {
    // as above
  }
}

export function bearer(token) {
  return token ? { Authorization: 'Bearer ' + token } : {};
}
