import React, { useRef, useState } from 'react';
import { Box, Button, Icon, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/**
 * A file's size as people read it, in the panel's language: «20 МБ», «1,5 МБ», «312 байт»; "20 MB", "1.5 MB".
 * Binary units (a megabyte is 1024 × 1024 bytes), as MAX_DOCUMENT_MB is counted.
 */
export function useFileSize(): (bytes: number) => string {
  const { i18n, translateComponent: tc } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'ru-RU', { maximumFractionDigits: 1 });
  return (bytes: number) => {
    const units = ['bytes', 'kb', 'mb', 'gb'] as const;
    let unit = 0;
    let size = bytes;
    while (size >= 1024 && unit < units.length - 1) {
      size /= 1024;
      unit += 1;
    }
    return `${number.format(unit === 0 ? size : Math.round(size * 10) / 10)} ${tc(`DocumentDrop.units.${units[unit]}`)}`;
  };
}

interface Props {
  maxBytes: number;
  onChange: (file: File | null) => void;
}

/**
 * The drop zone of a contract's document (the contract form, the conversion form), in the panel's language: where
 * to drop or click, the size limit («до 20 МБ»), the chosen file with its size and a way to take it back. A file over
 * the limit is refused here at once, naming the limit; the server checks size and type again anyway.
 */
const DocumentDrop: React.FC<Props> = ({ maxBytes, onChange }) => {
  const { translateComponent: tc } = useTranslation();
  const size = useFileSize();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState('');
  const [dragging, setDragging] = useState(false);
  const limit = size(maxBytes);

  const choose = (files: FileList | null) => {
    const chosen = files?.[0] ?? null;
    if (chosen && chosen.size > maxBytes) {
      setError(tc('DocumentDrop.tooLarge', { name: chosen.name, limit, interpolation: { escapeValue: false } }));
      return;
    }
    setError('');
    setFile(chosen);
    onChange(chosen);
  };
  const clear = () => {
    setFile(null);
    setError('');
    if (input.current) input.current.value = '';
    onChange(null);
  };

  return (
    <Box data-testid="document-drop">
      <Box
        as="label"
        flex
        flexDirection="column"
        alignItems="center"
        py="xl"
        px="lg"
        style={{ border: `1px dashed ${dragging ? '#3040d6' : '#c0c0ca'}`, borderRadius: 4, cursor: 'pointer', textAlign: 'center', background: dragging ? '#f0f2ff' : '#fff' }}
        onDragOver={(e: React.DragEvent) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e: React.DragEvent) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer.files);
        }}
      >
        <Icon icon="Upload" size={24} />
        <Text mt="sm">{tc('DocumentDrop.placeholder')}</Text>
        <Text variant="sm" mt="sm" color="grey60" data-testid="document-drop-limit">
          {tc('DocumentDrop.limit', { limit })}
        </Text>
        <input ref={input} type="file" hidden onChange={(e) => choose(e.target.files)} />
      </Box>
      {file ? (
        <Box flex alignItems="center" mt="default" style={{ gap: 8 }} data-testid="document-drop-file">
          <Icon icon="File" />
          <Text>
            {file.name} — {size(file.size)}
          </Text>
          <Button type="button" size="sm" variant="text" onClick={clear}>
            {tc('DocumentDrop.remove')}
          </Button>
        </Box>
      ) : null}
      {error ? (
        <Text mt="default" color="error" data-testid="document-drop-error">
          {error}
        </Text>
      ) : null}
    </Box>
  );
};

export default DocumentDrop;
