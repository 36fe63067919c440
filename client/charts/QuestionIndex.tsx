/**
 * Every question of a results page as a link to its figure (`QuestionFigure`'s id `q-<key>`),
 * folded under one line: the pages run to many screens, and a reader looking for one question
 * should not scroll past all the others. Shown from two questions on.
 */
export function QuestionIndex({ questions, summary }: { questions: ReadonlyArray<{ key: string; title: string }>; summary: string }) {
  if (questions.length < 2) return null;
  return (
    <details class="question-index">
      <summary>{summary}</summary>
      <ol>
        {questions.map((question) => (
          <li key={question.key}>
            <a href={`#q-${question.key}`}>{question.title}</a>
          </li>
        ))}
      </ol>
    </details>
  );
}
