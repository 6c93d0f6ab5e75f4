"""One line in the asker's language above the bot's replies that are not a curated answer (a question back, a
decline, the guide): the rest of the reply, like every vetted answer, is in English. Written once here, never by a
translation service."""

from __future__ import annotations

CLARIFY = {
    "de": "Ihre Frage kann mehrere Produkte betreffen, und die Antwort ist je nach Produkt anders. Welches "
          "meinen Sie?",
    "fr": "Votre question peut concerner plusieurs produits, et la réponse diffère selon le produit. "
          "Lequel voulez-vous dire ?",
    "es": "Su pregunta puede referirse a varios productos, y la respuesta cambia según el producto. "
          "¿Cuál quiere decir?",
    "pt": "A sua pergunta pode se referir a vários produtos, e a resposta muda conforme o produto. "
          "Qual deles você quer dizer?",
    "it": "La domanda può riguardare più prodotti, e la risposta cambia da un prodotto all'altro. Quale intende?",
    "nl": "Uw vraag kan over meerdere producten gaan, en het antwoord verschilt per product. Welk product bedoelt u?",
    "ja": "ご質問は複数の製品に当てはまり、製品によって回答が異なります。どの製品のことですか？",
}
DECLINE = {
    "de": "Das scheint keine Datenschutzfrage zu einem KI-Anbieter oder einer KI-Plattform zu sein. Falls doch, kann "
          "ich das Datenschutzteam fragen.",
    "fr": "Cela ne ressemble pas à une question de protection des données sur un fournisseur ou une plateforme d'IA. "
          "Si c'en est une, je peux la poser à l'équipe.",
    "es": "No parece una pregunta de privacidad sobre un proveedor o una plataforma de IA. Si lo es, puedo "
          "preguntar al equipo de privacidad.",
    "pt": "Não parece uma pergunta de privacidade sobre um fornecedor ou uma plataforma de IA. Se for, posso "
          "perguntar à equipe de privacidade.",
    "it": "Non sembra una domanda sulla privacy relativa a un fornitore o a una piattaforma di IA. Se lo è, posso "
          "chiedere al team privacy.",
    "nl": "Dit lijkt geen privacyvraag over een AI-leverancier of -platform. Is het er wel een, dan kan ik het "
          "privacyteam vragen.",
    "ja": "AIベンダーやプラットフォームのデータプライバシーに関する質問ではないようです。"
          "そうであれば、プライバシーチームに確認できます。",
}
HELP = {
    "de": "Ich beantworte Datenschutzfragen zu KI-Anbietern und -Plattformen aus geprüften Antworten "
          "(auf Englisch).",
    "fr": "Je réponds aux questions de protection des données sur les fournisseurs et plateformes d'IA, à partir de "
          "réponses validées (en anglais).",
    "es": "Respondo preguntas de privacidad sobre proveedores y plataformas de IA con respuestas validadas "
          "(en inglés).",
    "pt": "Respondo a perguntas de privacidade sobre fornecedores e plataformas de IA com respostas validadas (em "
          "inglês).",
    "it": "Rispondo alle domande sulla privacy di fornitori e piattaforme di IA con risposte verificate (in inglese).",
    "nl": "Ik beantwoord privacyvragen over AI-leveranciers en -platforms met gecontroleerde antwoorden "
          "(in het Engels).",
    "ja": "AIベンダーやプラットフォームのデータプライバシーに関する質問に、確認済みの回答（英語）でお答えします。",
}
WHICH = {
    "de": "Welches Produkt meinen Sie? Ihre Frage nennt keines, das ich kenne; bitte nennen Sie es.",
    "fr": "De quel produit s'agit-il ? Votre question n'en nomme aucun que je connaisse ; merci de le préciser.",
    "es": "¿A qué producto se refiere? Su pregunta no nombra ninguno que yo conozca; indíquelo, por favor.",
    "pt": "A qual produto você se refere? A sua pergunta não cita nenhum que eu conheça; indique-o, por favor.",
    "it": "A quale prodotto si riferisce? La domanda non ne nomina nessuno che io conosca; lo indichi, per favore.",
    "nl": "Welk product bedoelt u? Uw vraag noemt er geen dat ik ken; noem het alstublieft.",
    "ja": "どの製品のことですか？ご質問には私が知っている製品名がありません。製品名を教えてください。",
}
HANDED_OVER = {
    "de": "Das Datenschutzteam hat Ihre Frage erhalten und wird Ihnen antworten.",
    "fr": "L'équipe de protection des données a reçu votre question et vous répondra.",
    "es": "El equipo de privacidad ha recibido su pregunta y le responderá.",
    "pt": "A equipe de privacidade recebeu a sua pergunta e vai responder.",
    "it": "Il team privacy ha ricevuto la sua domanda e le risponderà.",
    "nl": "Het privacyteam heeft uw vraag ontvangen en zal u antwoorden.",
    "ja": "プライバシーチームがご質問を受け付けました。回答をお送りします。",
}

ADDED = {
    "de": "Ihre Nachricht wurde Ihrer Frage an das Datenschutzteam hinzugefügt.",
    "fr": "Votre message a été ajouté à votre question à l'équipe de protection des données.",
    "es": "Su mensaje se ha añadido a su pregunta al equipo de privacidad.",
    "pt": "A sua mensagem foi adicionada à sua pergunta para a equipe de privacidade.",
    "it": "Il suo messaggio è stato aggiunto alla sua domanda al team privacy.",
    "nl": "Uw bericht is toegevoegd aan uw vraag aan het privacyteam.",
    "ja": "メッセージをプライバシーチームへのご質問に追加しました。",
}

AGAIN = {  # asked again after the privacy team answered or closed the question
    "de": "Ich habe das Datenschutzteam erneut gefragt, mit dem, was Sie geschrieben haben.",
    "fr": "J'ai de nouveau posé la question à l'équipe de protection des données, avec ce que vous avez écrit.",
    "es": "He vuelto a preguntar al equipo de privacidad, con lo que usted escribió.",
    "pt": "Perguntei novamente à equipe de privacidade, com o que você escreveu.",
    "it": "Ho chiesto di nuovo al team privacy, con quanto ha scritto.",
    "nl": "Ik heb het privacyteam opnieuw gevraagd, met wat u schreef.",
    "ja": "いただいた内容を添えて、プライバシーチームに改めて確認しました。",
}

# The short notes to an asker (bot.core.replies.Note), by the note's value.
NOTES = {
    "already_escalated": {
        "de": "Das Datenschutzteam hat diese Frage bereits; die Antwort kommt im Thread der Frage.",
        "fr": "L'équipe de protection des données a déjà cette question ; sa réponse viendra dans le fil de la "
              "question.",
        "es": "El equipo de privacidad ya tiene esta pregunta; su respuesta llegará en el hilo de la pregunta.",
        "pt": "A equipe de privacidade já tem esta pergunta; a resposta virá na conversa da pergunta.",
        "it": "Il team privacy ha già questa domanda; la risposta arriverà nel thread della domanda.",
        "nl": "Het privacyteam heeft deze vraag al; het antwoord volgt in de thread van de vraag.",
        "ja": "このご質問は既にプライバシーチームに届いています。回答は質問のスレッドに届きます。",
    },
    "already_chosen": {
        "de": "Für diese Frage wurde bereits ein Produkt ausgewählt.",
        "fr": "Un produit a déjà été choisi pour cette question.",
        "es": "Ya se eligió un producto para esta pregunta.",
        "pt": "Já foi escolhido um produto para esta pergunta.",
        "it": "Per questa domanda è già stato scelto un prodotto.",
        "nl": "Voor deze vraag is al een product gekozen.",
        "ja": "この質問には既に製品が選択されています。",
    },
    "already_voted": {
        "de": "Sie haben diese Antwort bereits bewertet; Ihre Bewertung bleibt bestehen (eine pro Antwort).",
        "fr": "Vous avez déjà donné votre avis sur cette réponse ; il est conservé (un avis par réponse).",
        "es": "Ya dio su valoración de esta respuesta; se mantiene (una valoración por respuesta).",
        "pt": "Você já avaliou esta resposta; a avaliação é mantida (uma por resposta).",
        "it": "Ha già dato il suo giudizio su questa risposta; resta valido (un giudizio per risposta).",
        "nl": "U hebt dit antwoord al beoordeeld; die beoordeling blijft staan (één per antwoord).",
        "ja": "この回答には既に評価をいただいています。評価はそのまま保持されます（回答ごとに1件）。",
    },
}


def line(phrases: dict[str, str], language: str | None) -> str | None:
    """Return the line in the asker's language (None in English, or a language without one)."""
    return phrases.get(language or "")
