// The chat log: text only (never HTML), newest at the bottom.

export class ChatLog {
  constructor(list) {
    this.list = list;
  }

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

  system(text) {
    const item = document.createElement('li');
    item.className = 'system';
    item.textContent = text;
    this.#append(item);
  }

  clear() {
    this.list.replaceChildren();
  }

  #append(item) {
    this.list.append(item);
    item.scrollIntoView({ block: 'end' });
  }
}
