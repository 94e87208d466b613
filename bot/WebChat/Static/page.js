// The web chat page: the official Web Chat over the local Direct Line (/v3/directline); replies come on its WebSocket stream.
// The conversation id and its token are kept in localStorage, so a reload resumes the conversation. The user id is the
// server's: it comes with the token (bound into it) and lives in an HttpOnly cookie; the page never chooses one.
// Every text comes from the server (the questionnaire's web.* messages in the 8 languages, in #regin-config).
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('regin-config').textContent);
  var KEY = 'regin.webchat.v1';
  var chat = document.getElementById('chat');
  var picker = document.getElementById('language');

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: no resume */ }
  }
  // The user a token was issued to: its second part, base64url (Web Chat draws that user's messages on the right).
  function userOf(token) {
    try {
      var part = (token || '').split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return new TextDecoder().decode(Uint8Array.from(window.atob(part), function (c) { return c.charCodeAt(0); }));
    } catch (e) { return undefined; }
  }

  var state = load();
  // Pages of an earlier version chose their own user id: it opens nothing any more.
  if (state.userId) { delete state.userId; save(); }
  var query = new URLSearchParams(window.location.search).get('lang');
  var lang = config.texts[query] ? query : (config.texts[state.lang] ? state.lang : config.lang);
  var directLine = null;
  var store = null;
  var generation = 0;

  function setText(id, text) { document.getElementById(id).textContent = text; }

  function applyTexts() {
    var t = config.texts[lang];
    document.documentElement.lang = lang;
    document.title = t.title;
    setText('title', t.title);
    var purpose = document.getElementById('purpose').children;
    purpose[0].textContent = t.purpose[0];
    purpose[2].textContent = t.purpose[1];
    setText('language-label', t.languageLabel);
    setText('template-text', t.templateLink);
    setText('glossary', t.glossaryLink);
    setText('guidelines', t.guidelinesLink);
    setText('privacy', t.privacyLink);
    setText('terms', t.termsLink);
    setText('forget', t.forgetLink);
    document.getElementById('forget').title = t.forgetHint;
    document.getElementById('template-docx').href = '/templates/' + lang + '.docx';
    document.getElementById('template-txt').href = '/templates/' + lang + '.txt';
    document.getElementById('glossary').href = '/glossary?lang=' + lang;
    document.getElementById('guidelines').href = '/glossary?lang=' + lang + '#guidelines';
    document.getElementById('privacy').href = '/privacy?lang=' + lang;
    document.getElementById('terms').href = '/terms?lang=' + lang;
    picker.value = lang;
  }

  // Markdown as Web Chat's own renderer reads it (the same markdown-it 13, loaded beside it), but a contributor's words are
  // shown as typed: no typographer ("--", straight quotes, "...", "(c)" stay as typed, not "–", curly quotes, "…", "©"),
  // and only addresses written with their scheme ("https://…", "mailto:…") are links: the bot's own links (the templates,
  // the privacy notice) are written so, while "www.caritas.at" or "info@caritas.at" in a contributor's sentence stay text
  // (linkify-it's fuzzy guesses). No HTML is read (the bot writes none; entities and backslash escapes still are), so
  // nothing needs sanitising; links open in a new tab, as Web Chat's own do. Used for messages and card TextBlocks alike.
  var markdown = window.markdownit({ html: false, linkify: true, typographer: false, breaks: false });
  markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  markdown.renderer.rules.link_open = function (tokens, index, options, env, self) {
    tokens[index].attrSet('target', '_blank');
    tokens[index].attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, index, options);
  };
  function renderMarkdown(text) { return markdown.render(text || ''); }

  function render() {
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      renderMarkdown: renderMarkdown,
      locale: config.locales[lang],
      userID: userOf(state.token),
      // sendBoxTextWrap: a multi-line box (Enter sends, Shift+Enter a new line), so a pasted table or list keeps its lines
      // (the one-line box turned them into spaces: "Name Role Email Ana Lead …", session 49).
      styleOptions: { hideUploadButton: true, rootHeight: '100%', bubbleMaxWidth: 640, sendBoxTextWrap: true,
        // A message held for the network (below) says "Sending" until it goes, not "Send failed" after 20 s.
        sendTimeout: function (activity) { return !window.navigator.onLine || isHeld(clientIdOf(activity)) ? HELD_TIMEOUT : 20000; } }
    }, chat);
  }

  // A message sent while the browser is offline (a train, a laptop asleep) is not lost: its POST waits for the network
  // and goes, once and in order, when the browser is back online, with the same clientActivityID. Meanwhile its bubble
  // says "Sending" (Web Chat's "Send failed" after its 20 s send timeout is held back: a "Retry" clicked then sent it
  // twice), and turns to sent when its echo arrives on the stream (session 49).
  var HELD_TIMEOUT = 7 * 24 * 3600 * 1000;
  var held = [];          // { activity, observer } waiting for the network, in the order sent
  var delivered = {};     // clientActivityID -> true: posted after a wait, its echo marks it sent
  function clientIdOf(activity) { return activity && activity.channelData && activity.channelData.clientActivityID; }
  function isHeld(id) { return held.some(function (h) { return clientIdOf(h.activity) === id; }); }
  function holdWhileOffline(line) {
    var post = line.postActivity.bind(line);
    line.postHeld = post;
    line.postActivity = function (activity) {
      return {
        subscribe: function (observer) {
          function hold() { held.push({ activity: activity, observer: observer }); }
          if (!window.navigator.onLine && activity.type === 'message') {
            hold();
          } else {
            post(activity).subscribe({
              next: function (id) {
                // DirectLineJS answers "retry" when the POST did not reach the host (no network).
                if (id === 'retry' && !window.navigator.onLine && activity.type === 'message') { hold(); } else { observer.next(id); observer.complete(); }
              },
              error: function (error) { observer.error(error); }
            });
          }
          return { unsubscribe: function () { /* a held message is sent all the same when the network is back */ } };
        }
      };
    };
    return line;
  }
  var flushing = false;
  async function flush() {
    if (flushing) { return; }
    flushing = true;
    try {
      while (held.length && window.navigator.onLine) {
        var next = held[0];
        var id = await new Promise(function (resolve) {
          directLine.postHeld(next.activity).subscribe({ next: resolve, error: function (error) { resolve(error instanceof Error ? error : new Error('post ' + (error && error.status))); } });
        });
        if (id === 'retry') { break; }
        held.shift();
        var clientId = clientIdOf(next.activity);
        if (id instanceof Error) {
          store.dispatch({ type: 'DIRECT_LINE/POST_ACTIVITY_REJECTED', error: true, meta: { clientActivityID: clientId, method: 'keyboard' }, payload: id });
        } else {
          delivered[clientId] = true;
          next.observer.next(id);
          next.observer.complete();
        }
      }
    } finally {
      flushing = false;
    }
  }
  window.addEventListener('online', function () { flush(); });
  function offlineMiddleware(api) {
    return function (next) {
      return function (action) {
        if ((action.type === 'DIRECT_LINE/POST_ACTIVITY_IMPEDED' || action.type === 'DIRECT_LINE/POST_ACTIVITY_REJECTED') && action.meta && isHeld(action.meta.clientActivityID)) {
          return undefined;
        }
        var result = next(action);
        var id = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && clientIdOf(action.payload && action.payload.activity);
        if (id && delivered[id]) {
          delete delivered[id];
          api.dispatch({ type: 'DIRECT_LINE/POST_ACTIVITY_FULFILLED', meta: { clientActivityID: id, method: 'keyboard' }, payload: { activity: action.payload.activity } });
        }
        return result;
      };
    };
  }

  async function connect(fresh) {
    var mine = ++generation;
    if (directLine) { directLine.end(); }
    // webSocket: the client opens the streamUrl that starting (or resuming) the conversation returns, and polls no more.
    var options = { domain: config.directLine, webSocket: true };
    if (!fresh && state.conversationId && state.token && state.expires > Date.now() + 60000) {
      // A reload: reconnect to the kept conversation; Web Chat gets its whole transcript again.
      options.token = state.token;
      options.conversationId = state.conversationId;
    } else {
      var response = await window.fetch(config.tokenUrl, { method: 'POST', credentials: 'same-origin' });
      if (!response.ok) { throw new Error('token ' + response.status); }
      var session = await response.json();
      state.conversationId = session.conversationId;
      state.token = session.token;
      state.lifetime = session.expires_in * 1000;
      state.expires = Date.now() + state.lifetime;
      save();
      options.token = session.token;
      // The bot greets in this language: the start request carries it (conversationStartProperties.locale).
      options.conversationStartProperties = { locale: config.locales[lang] };
    }
    if (mine !== generation) { return; }
    directLine = holdWhileOffline(window.WebChat.createDirectLine(options));
    var retried = !!fresh;
    directLine.connectionStatus$.subscribe(function (status) {
      // 2 online, 3 expired token, 4 failed to connect, 5 ended (the conversation is gone).
      if (status === 2) {
        state.conversationId = directLine.conversationId;
        save();
      } else if ((status === 3 || status === 4 || status === 5) && !retried && mine === generation) {
        retried = true;
        connect(true);
      }
    });
    store = window.WebChat.createStore({}, offlineMiddleware);
    render();
  }

  // Web Chat refreshes its token every 15 minutes while the page is open; keep the newest for the next reload.
  window.setInterval(function () {
    if (directLine && directLine.token && directLine.token !== state.token) {
      state.token = directLine.token;
      state.expires = Date.now() + (state.lifetime || 3600000);
      save();
    }
  }, 30000);

  picker.addEventListener('change', function () {
    if (!config.texts[picker.value] || picker.value === lang) { return; }
    lang = picker.value;
    state.lang = lang;
    save();
    applyTexts();
    window.history.replaceState(null, '', '?lang=' + lang);
    if (!store) { return; }
    render();
    // The bot's own language command, in the new language: "sprache de", "γλώσσα el".
    store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: config.languageCommand[lang] + ' ' + lang } });
  });

  // "Not you? Start afresh": the server forgets this browser's user (its cookie), the page its conversation; a new one begins.
  document.getElementById('forget').addEventListener('click', async function () {
    try {
      var response = await window.fetch(config.forgetUrl, { method: 'POST', credentials: 'same-origin' });
      if (!response.ok) { throw new Error('forget ' + response.status); }
    } catch (error) {
      window.console.error('web chat could not forget this browser', error);
      return;
    }
    state = { lang: lang };
    save();
    connect(true).catch(function (error) { window.console.error('web chat could not start', error); });
  });

  applyTexts();
  state.lang = lang;
  save();
  connect(false).catch(function (error) { window.console.error('web chat could not start', error); });
})();
