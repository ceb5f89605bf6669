// The chat log: text only (never HTML), newest at the bottom.

export class ChatLog {
  /** @param {HTMLOListElement} list */
  constructor(list) {
    this.list = list;
  }

  /**
   * @param {string} from
   * @param {string} text
   * @param {boolean} [mine]
   */
  message(from, text, mine = false) {
    const item = document.createElement('li');
    item.className = mine ? 'mine' : 'theirs';
    const author = document.createElement('span');
    author.className = 'from';
    author.textContent = from;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    item.append(author, body);
    this.#append(item);
  }

  /** @param {string} text */
  system(text) {
    const item = document.createElement('li');
    item.className = 'system';
    item.textContent = text;
    this.#append(item);
  }

  clear() {
    this.list.replaceChildren();
  }

  /** @param {HTMLLIElement} item */
  #append(item) {
    this.list.append(item);
    item.scrollIntoView({ block: 'end' });
  }
}
