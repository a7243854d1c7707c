import { useEffect, useState } from "react";
import { getApi, useCharacterStore } from "../../stores";

/** Loads the character's picture URL once when nothing has yet (the chat header can be the first to ask). */
export function useCharacterPicture(): string | null | undefined {
  const picture = useCharacterStore((s) => s.picture);
  useEffect(() => {
    if (picture !== undefined) return;
    getApi()
      .character.get()
      .then(({ character, picture: url }) => useCharacterStore.setState({ character, picture: url ?? null }))
      .catch(() => {});
  }, [picture]);
  return picture;
}

/**
 * The picture as an object URL: it is fetched with the client's token (a paired phone or a
 * token-protected server answers 401 to a bare <img src>), like the avatar file.
 */
function usePictureBlob(url: string | null | undefined): string | null {
  const [objectUrl, setObjectUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!url) {
      setObjectUrl(null);
      return;
    }
    const abort = new AbortController();
    let made: string | null = null;
    getApi()
      .fetchFile(url, abort.signal)
      .then(async (res) => {
        if (!res.ok) return setObjectUrl(null);
        made = URL.createObjectURL(await res.blob());
        setObjectUrl(made);
      })
      .catch(() => {});
    return () => {
      abort.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);
  return objectUrl;
}

/** The character's face: its picture from a PNG card, or nothing when it has none. */
export function CharacterPicture({ className = "h-8 w-8", alt }: { className?: string; alt: string }) {
  const src = usePictureBlob(useCharacterPicture());
  if (!src) return null;
  return (
    <img
      src={src}
      alt={alt}
      data-testid="character-picture"
      className={`shrink-0 rounded-full border border-line object-cover ${className}`}
    />
  );
}
